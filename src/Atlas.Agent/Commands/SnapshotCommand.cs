using Atlas.Agent.Adaptation;
using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;

namespace Atlas.Agent.Commands;

/// <summary>
/// <c>snapshot</c>: everything an operator needs to see the agent's state in one answer: status, the settings in
/// force, counters, latency percentiles and the adaptation state.
/// </summary>
internal sealed class SnapshotCommand(StatusReporter status, IRuntimeSettingsSource settings, AgentMetrics metrics, IAdaptationService adaptation, TimeProvider time)
    : ICommandHandler
{
    public string Name => "snapshot";

    public Task<CommandResult> ExecuteAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult.Success(new
        {
            at = time.GetUtcNow(),
            status = status.Describe(),
            settings = settings.Current,
            metrics = metrics.Snapshot(),
            adaptation = adaptation.Report(),
        }));
}
