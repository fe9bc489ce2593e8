using Atlas.Agent.Adaptation;

namespace Atlas.Agent.Commands;

/// <summary><c>adapt</c>, <c>cancel-adaptation</c>, <c>reset</c> and <c>rollback</c>: forwarded to the <see cref="IAdaptationService"/>.</summary>
internal sealed class AdaptationCommand : ICommandHandler
{
    private readonly Func<IAdaptationService, CommandRequest, CancellationToken, Task<CommandResult>> _action;
    private readonly IAdaptationService _adaptation;

    private AdaptationCommand(string name, IAdaptationService adaptation, Func<IAdaptationService, CommandRequest, CancellationToken, Task<CommandResult>> action)
    {
        Name = name;
        _adaptation = adaptation;
        _action = action;
    }

    public string Name { get; }

    public static AdaptationCommand Adapt(IAdaptationService adaptation) => new("adapt", adaptation, (a, r, c) => a.AdaptAsync(r, c));

    public static AdaptationCommand Cancel(IAdaptationService adaptation) => new("cancel-adaptation", adaptation, (a, r, c) => a.CancelAsync(r, c));

    public static AdaptationCommand Reset(IAdaptationService adaptation) => new("reset", adaptation, (a, r, c) => a.ResetAsync(r, c));

    public static AdaptationCommand Rollback(IAdaptationService adaptation) => new("rollback", adaptation, (a, r, c) => a.RollbackAsync(r, c));

    public Task<CommandResult> ExecuteAsync(CommandRequest request, CancellationToken cancellationToken) => _action(_adaptation, request, cancellationToken);
}
