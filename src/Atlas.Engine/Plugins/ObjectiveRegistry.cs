using System.Reflection;
using Atlas.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atlas.Engine.Plugins;

/// <summary>
/// The objectives available to this process, loaded from the plugin directories of <see cref="PluginOptions"/>.
/// Resolves objectives by name (case-insensitive) and creates a fresh, guarded instance per run, because objectives
/// keep per-run state (UFM's trusted set, SAR's moving average). Owns the plugin load contexts.
/// </summary>
public sealed class ObjectiveRegistry : IDisposable
{
    private readonly Dictionary<string, LoadedObjective> _objectives;
    private readonly List<PluginLoader> _loaders;
    private readonly PluginOptions _options;
    private readonly ILogger _logger;

    private ObjectiveRegistry(
        Dictionary<string, LoadedObjective> objectives, List<PluginLoader> loaders, IReadOnlyList<PluginLoadFailure> failures,
        IReadOnlyList<string> directories, PluginOptions options, ILogger logger)
    {
        _objectives = objectives;
        _loaders = loaders;
        _options = options;
        _logger = logger;
        Failures = failures;
        Directories = directories;
        Objectives = [.. objectives.Values.Select(o => o.Descriptor).OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every loaded objective, ordered by name.</summary>
    public IReadOnlyList<ObjectiveDescriptor> Objectives { get; }

    /// <summary>Plugins (or objective types) that were refused or failed to load, with the reason.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures { get; }

    /// <summary>The full paths of the directories that were searched.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>
    /// Loads every plugin in the configured directories. Never throws for a bad plugin (see <see cref="Failures"/>);
    /// throws only when the options themselves are invalid.
    /// </summary>
    /// <exception cref="PluginException">The options are invalid (<see cref="PluginErrorKind.InvalidOptions"/>).</exception>
    public static ObjectiveRegistry Load(PluginOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new PluginException(PluginErrorKind.InvalidOptions, "Invalid plugin options: " + string.Join("; ", errors));
        }

        var directories = options.ResolveDirectories();
        var scanner = new PluginDirectoryScanner(logger);
        foreach (var directory in directories)
        {
            scanner.Scan(directory);
        }

        var failures = new List<PluginLoadFailure>(scanner.Failures);
        var byName = new Dictionary<string, LoadedObjective>(StringComparer.OrdinalIgnoreCase);
        foreach (var loaded in scanner.Objectives)
        {
            if (byName.TryGetValue(loaded.Descriptor.Name, out var first))
            {
                var message = $"Objective '{loaded.Descriptor.Name}' from '{loaded.Descriptor.SourcePath}' was ignored: " +
                              $"the name is already taken by '{first.Descriptor.SourcePath}' (directories are searched in order).";
                failures.Add(new PluginLoadFailure(loaded.Descriptor.SourcePath, PluginErrorKind.LoadFailed, message));
                PluginLog.PluginRejected(logger, loaded.Descriptor.SourcePath, PluginErrorKind.LoadFailed, message);
                continue;
            }
            byName.Add(loaded.Descriptor.Name, loaded);
        }
        return new ObjectiveRegistry(byName, scanner.Loaders, failures, directories, options, logger);
    }

    /// <summary>Whether an objective called <paramref name="name"/> (case-insensitive) is loaded.</summary>
    public bool Contains(string name) => _objectives.ContainsKey(name);

    /// <summary>The descriptor of the objective called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="PluginException">No such objective; the message lists the known names.</exception>
    public ObjectiveDescriptor Describe(string name) => Find(name).Descriptor;

    /// <summary>
    /// Creates a fresh instance of the objective called <paramref name="name"/>, wrapped in a
    /// <see cref="GuardedObjective"/> so a failing plugin is disabled instead of taking the run down.
    /// </summary>
    /// <exception cref="PluginException">No such objective (the message lists the known names), or its constructor threw.</exception>
    public GuardedObjective Create(string name)
    {
        var loaded = Find(name);
        IObjective objective;
        try
        {
            objective = (IObjective)Activator.CreateInstance(loaded.Type)!;
        }
        catch (TargetInvocationException ex)
        {
            throw new PluginException(PluginErrorKind.LoadFailed,
                $"Objective '{loaded.Descriptor.Name}' from '{loaded.Descriptor.SourcePath}' threw in its constructor: {ex.InnerException?.Message}",
                loaded.Descriptor.Name, ex.InnerException ?? ex);
        }
        return new GuardedObjective(objective, _logger, _options.StepTimeout);
    }

    /// <summary>Releases the plugin load contexts. Objectives created from them must no longer be used.</summary>
    public void Dispose()
    {
        foreach (var loader in _loaders)
        {
            loader.Dispose();
        }
        _loaders.Clear();
    }

    private LoadedObjective Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_objectives.TryGetValue(name, out var loaded))
        {
            return loaded;
        }
        var known = _objectives.Count == 0
            ? "no objectives are loaded (searched: " + string.Join(", ", Directories) + ")"
            : "known objectives: " + string.Join(", ", Objectives.Select(o => o.Name));
        throw new PluginException(PluginErrorKind.UnknownObjective, $"Unknown objective '{name}'; {known}.", name);
    }
}
