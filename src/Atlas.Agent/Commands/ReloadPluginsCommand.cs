using Atlas.Agent.Plugins;

namespace Atlas.Agent.Commands;

/// <summary><c>reload-plugins</c>: asks the <see cref="IPluginReloader"/> to rescan the plugin folder.</summary>
internal sealed class ReloadPluginsCommand(IPluginReloader reloader) : ICommandHandler
{
    public string Name => "reload-plugins";

    public Task<CommandResult> ExecuteAsync(CommandRequest request, CancellationToken cancellationToken) => reloader.ReloadAsync(cancellationToken);
}
