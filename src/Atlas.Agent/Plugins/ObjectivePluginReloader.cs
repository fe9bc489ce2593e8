using Atlas.Agent.Commands;
using Atlas.Engine.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Plugins;

/// <summary>
/// Owns the agent's <see cref="ObjectiveRegistry"/> (objective plugins from the <c>Plugins</c> configuration section):
/// loaded on first use, replaced by <c>reload-plugins</c>. A reload loads the new registry off the receive path,
/// swaps it in, and disposes the old one; the answer lists the objectives that loaded and every plugin that did not.
/// </summary>
/// <remarks>
/// The adaptation service creates objectives from <see cref="Registry"/>; an objective it already holds keeps
/// working until it is released, since each plugin's load context lives as long as its registry is not disposed.
/// The adaptation service must therefore take objectives per round and not across a reload.
/// </remarks>
internal sealed class ObjectivePluginReloader(IOptions<PluginOptions> options, ILogger<ObjectivePluginReloader> logger) : IPluginReloader, IDisposable
{
    private readonly Lock _gate = new();
    private ObjectiveRegistry? _registry;

    /// <summary>The registry in force, loaded on first access.</summary>
    /// <exception cref="PluginException">The plugin options are invalid.</exception>
    public ObjectiveRegistry Registry
    {
        get
        {
            lock (_gate) return _registry ??= ObjectiveRegistry.Load(options.Value, logger);
        }
    }

    public async Task<CommandResult> ReloadAsync(CancellationToken cancellationToken)
    {
        ObjectiveRegistry fresh;
        try
        {
            fresh = await Task.Run(() => ObjectiveRegistry.Load(options.Value, logger), cancellationToken).ConfigureAwait(false);
        }
        catch (PluginException e)
        {
            return CommandResult.Failure(e.Message);
        }
        ObjectiveRegistry? old;
        lock (_gate)
        {
            old = _registry;
            _registry = fresh;
        }
        old?.Dispose();
        return CommandResult.Success(new
        {
            directories = fresh.Directories,
            objectives = fresh.Objectives.Select(o => new { name = o.Name, version = o.Version.ToString(), source = o.SourcePath }),
            failures = fresh.Failures.Select(f => new { source = f.SourcePath, kind = f.Kind.ToString(), message = f.Message }),
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _registry?.Dispose();
            _registry = null;
        }
    }
}
