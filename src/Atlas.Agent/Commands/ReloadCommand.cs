using Atlas.Agent.Adaptation;
using Microsoft.Extensions.DependencyInjection;

namespace Atlas.Agent.Commands;

/// <summary>
/// <c>reload</c>: re-reads the served model and the adaptation bank from disk, validates them, and swaps them in only when
/// every check passes (<see cref="AdaptationService.ReloadAsync"/>); a damaged file is refused and the pair in force stays.
/// </summary>
internal sealed class ReloadCommand(IServiceProvider services) : ICommandHandler
{
    public string Name => "reload";

    public Task<CommandResult> ExecuteAsync(CommandRequest request, CancellationToken cancellationToken) =>
        services.GetService<AdaptationService>() is { } adaptation
            ? adaptation.ReloadAsync(cancellationToken)
            : Task.FromResult(CommandResult.Failure("'reload' needs adaptation: no bank is configured (Adaptation:Bank), so there is nothing to reload; restart the agent to serve another model."));
}
