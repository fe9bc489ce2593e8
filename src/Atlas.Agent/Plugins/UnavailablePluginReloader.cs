using Atlas.Agent.Commands;

namespace Atlas.Agent.Plugins;

/// <summary>The stand-in until the agent loads plugins: <c>reload-plugins</c> answers "not available yet".</summary>
internal sealed class UnavailablePluginReloader : IPluginReloader
{
    public Task<CommandResult> ReloadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult.Failure("'reload-plugins' is not available yet: this agent loads no objective plugins."));
}
