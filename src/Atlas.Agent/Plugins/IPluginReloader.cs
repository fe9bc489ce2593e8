using Atlas.Agent.Commands;

namespace Atlas.Agent.Plugins;

/// <summary>
/// Rescans and reloads objective plugins (the <c>reload-plugins</c> command). The plugin loader registers its own
/// implementation; until then <see cref="UnavailablePluginReloader"/> answers that reloading is not available.
/// </summary>
internal interface IPluginReloader
{
    Task<CommandResult> ReloadAsync(CancellationToken cancellationToken);
}
