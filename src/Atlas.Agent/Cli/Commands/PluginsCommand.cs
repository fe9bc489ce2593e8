using System.CommandLine;
using Atlas.Engine.Plugins;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas plugins list [--dir D]... [--json]</c>: shows every objective the loader finds (name, version, source
/// path, options with defaults) and every plugin it refused, so a plugin author can check a build before a run.
/// </summary>
internal sealed class PluginsCommand : ICliCommandProvider
{
    public Command Create()
    {
        var directories = new Option<string[]>("--dir")
        {
            Description = "A plugin directory to search (repeatable). Default: plugins/ beside atlas, and artifacts/plugins/ in a source checkout.",
        };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var list = new Command("list", "List the objective plugins that load, with their options, and the ones that do not.")
        {
            directories,
            json,
        };
        list.SetAction(parseResult => List(parseResult.GetValue(directories) ?? [], parseResult.GetValue(json), Console.Out));
        return new Command("plugins", "Inspect objective plugins.") { list };
    }

    /// <summary>Exit code 0 when everything found loaded, <see cref="CliOutput.CheckFailed"/> when a plugin was refused.</summary>
    internal static int List(IReadOnlyList<string> directories, bool json, TextWriter output)
    {
        var options = new PluginOptions();
        foreach (var directory in directories)
        {
            options.Directories.Add(directory);
        }
        ObjectiveRegistry registry;
        try
        {
            registry = ObjectiveRegistry.Load(options);
        }
        catch (PluginException ex)
        {
            return CliOutput.Fail(ex.Message);
        }
        using (registry)
        {
            if (json)
            {
                PluginCatalogWriter.WriteJson(registry, output);
            }
            else
            {
                PluginCatalogWriter.WriteText(registry, output);
            }
            return registry.Failures.Count == 0 ? 0 : CliOutput.CheckFailed;
        }
    }
}
