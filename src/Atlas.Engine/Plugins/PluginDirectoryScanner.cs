using System.Reflection;
using Atlas.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Atlas.Engine.Plugins;

/// <summary>
/// Finds plugin assemblies (<c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>) and loads each in its own load context that
/// shares the contract and TorchSharp with the host, so a plugin's tensors and interfaces are the host's own types.
/// Every problem becomes a <see cref="PluginLoadFailure"/>; one bad plugin never stops the others from loading.
/// </summary>
internal sealed class PluginDirectoryScanner(ILogger logger)
{
    private static readonly string AttributeName = typeof(AtlasPluginAttribute).FullName!;
    private static readonly string ContractName = typeof(IObjective).FullName!;

    public List<PluginLoader> Loaders { get; } = [];

    public List<LoadedObjective> Objectives { get; } = [];

    public List<PluginLoadFailure> Failures { get; } = [];

    public void Scan(string directory)
    {
        if (!Directory.Exists(directory))
        {
            PluginLog.DirectoryMissing(logger, directory);
            return;
        }
        PluginLog.SearchingDirectory(logger, directory);
        foreach (var pluginDirectory in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var assemblyPath = Path.Combine(pluginDirectory, Path.GetFileName(pluginDirectory) + ".dll");
            if (File.Exists(assemblyPath))
            {
                LoadPlugin(assemblyPath);
            }
        }
    }

    private void LoadPlugin(string assemblyPath)
    {
        Assembly assembly;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(
                assemblyPath, sharedTypes: [typeof(IObjective), typeof(torch)], configure => configure.PreferSharedTypes = true);
            Loaders.Add(loader);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or FileLoadException or InvalidOperationException or ArgumentException)
        {
            Fail(assemblyPath, PluginErrorKind.LoadFailed, $"Plugin '{assemblyPath}' could not be loaded: {ex.Message}");
            return;
        }

        if (!CheckContract(assembly, assemblyPath, out var contractVersion))
        {
            return;
        }

        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            Fail(assemblyPath, PluginErrorKind.LoadFailed, $"Plugin '{assemblyPath}' has types that cannot be loaded: {ex.Message}");
            return;
        }

        var found = 0;
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            if (typeof(IObjective).IsAssignableFrom(type))
            {
                found++;
                Describe(type, assemblyPath, contractVersion);
            }
            else if (type.GetInterfaces().Any(i => i.FullName == ContractName))
            {
                found++;
                Fail(assemblyPath, PluginErrorKind.LoadFailed,
                    $"Plugin '{assemblyPath}': type {type.FullName} implements a different copy of {ContractName} " +
                    "(is Atlas.Plugins.Abstractions.dll copied into the plugin folder? Reference it with Private=false).");
            }
        }
        if (found == 0)
        {
            Fail(assemblyPath, PluginErrorKind.LoadFailed, $"Plugin '{assemblyPath}' has no public class implementing {ContractName}.");
        }
    }

    private bool CheckContract(Assembly assembly, string assemblyPath, out string contractVersion)
    {
        contractVersion = "";
        var marker = assembly.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == AttributeName);
        if (marker is null || marker.ConstructorArguments.Count != 2
            || marker.ConstructorArguments[0].Value is not int major || marker.ConstructorArguments[1].Value is not int minor)
        {
            Fail(assemblyPath, PluginErrorKind.LoadFailed,
                $"Plugin '{assemblyPath}' is not marked as an Atlas plugin: add [assembly: AtlasPlugin(ContractVersion.Major, ContractVersion.Minor)].");
            return false;
        }
        contractVersion = $"{major}.{minor}";
        if (!ContractVersion.IsCompatible(major, minor))
        {
            Fail(assemblyPath, PluginErrorKind.IncompatibleContract,
                $"Plugin '{assemblyPath}' was built against plugin contract {major}.{minor}, but this host implements contract " +
                $"{ContractVersion.Major}.{ContractVersion.Minor} (it accepts {ContractVersion.Major}.0 to {ContractVersion.Major}.{ContractVersion.Minor}). " +
                "Rebuild the plugin against this version of Atlas.Plugins.Abstractions.");
            return false;
        }
        return true;
    }

    private void Describe(Type type, string assemblyPath, string contractVersion)
    {
        try
        {
            var objective = (IObjective)Activator.CreateInstance(type)!;
            var descriptor = new ObjectiveDescriptor(
                objective.Name, objective.Version, objective.Description, objective.RequiresLabels, objective.RequiredViews,
                [.. objective.Options], assemblyPath, contractVersion);
            (objective as IDisposable)?.Dispose();
            Objectives.Add(new LoadedObjective(descriptor, type));
            PluginLog.ObjectiveLoaded(logger, descriptor.Name, descriptor.Version, assemblyPath);
        }
#pragma warning disable CA1031 // A plugin may throw anything from its constructor or metadata; it is reported, never fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            Fail(assemblyPath, PluginErrorKind.LoadFailed,
                $"Plugin '{assemblyPath}': objective type {type.FullName} threw while loading: {cause.GetType().Name}: {cause.Message}");
        }
    }

    private void Fail(string assemblyPath, PluginErrorKind kind, string message)
    {
        Failures.Add(new PluginLoadFailure(assemblyPath, kind, message));
        PluginLog.PluginRejected(logger, assemblyPath, kind, message);
    }
}
