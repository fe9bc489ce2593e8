using Atlas.Agent.Commands;

namespace Atlas.Agent.Plugins;

/// <summary>
/// Rescans and reloads objective plugins (the <c>reload-plugins</c> command); <see cref="ObjectivePluginReloader"/>
/// is the agent's implementation.
/// </summary>
internal interface IPluginReloader
{
    Task<CommandResult> ReloadAsync(CancellationToken cancellationToken);
}
