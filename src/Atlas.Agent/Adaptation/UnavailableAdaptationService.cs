using Atlas.Agent.Commands;

namespace Atlas.Agent.Adaptation;

/// <summary>The stand-in until on-device adaptation exists: every adaptation command answers "not available yet".</summary>
internal sealed class UnavailableAdaptationService : IAdaptationService
{
    public string State => "unavailable";

    public IReadOnlyDictionary<string, object?> Report() => new Dictionary<string, object?> { ["state"] = State };

    public Task<CommandResult> AdaptAsync(CommandRequest request, CancellationToken cancellationToken) => NotAvailable(request);

    public Task<CommandResult> CancelAsync(CommandRequest request, CancellationToken cancellationToken) => NotAvailable(request);

    public Task<CommandResult> ResetAsync(CommandRequest request, CancellationToken cancellationToken) => NotAvailable(request);

    public Task<CommandResult> RollbackAsync(CommandRequest request, CancellationToken cancellationToken) => NotAvailable(request);

    private static Task<CommandResult> NotAvailable(CommandRequest request) =>
        Task.FromResult(CommandResult.Failure($"'{request.Name}' is not available yet: this agent has no on-device adaptation service."));
}
