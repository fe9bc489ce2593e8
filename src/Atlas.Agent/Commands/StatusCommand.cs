using Atlas.Agent.Telemetry;

namespace Atlas.Agent.Commands;

/// <summary><c>status</c>: the online status document and the current counters.</summary>
internal sealed class StatusCommand(StatusReporter status, AgentMetrics metrics) : ICommandHandler
{
    public string Name => "status";

    public Task<CommandResult> ExecuteAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult.Success(new { status = status.Describe(), metrics = metrics.Snapshot() }));
}
