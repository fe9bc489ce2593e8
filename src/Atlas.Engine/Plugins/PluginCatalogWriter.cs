using System.Globalization;
using System.Text.Json;

namespace Atlas.Engine.Plugins;

/// <summary>
/// Writes what an <see cref="ObjectiveRegistry"/> loaded (name, version, source path, options) and what it refused,
/// as aligned text for people or as JSON for scripts. Used by <c>atlas plugins list</c>.
/// </summary>
public static class PluginCatalogWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes one block per objective, then the failures, as plain text.</summary>
    public static void WriteText(ObjectiveRegistry registry, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(output);
        if (registry.Objectives.Count == 0)
        {
            output.WriteLine($"No objectives found in: {string.Join(", ", registry.Directories)}");
        }
        foreach (var objective in registry.Objectives)
        {
            var labels = objective.RequiresLabels ? ", needs labels" : "";
            output.WriteLine($"{objective.Name} {objective.Version} (views: {objective.RequiredViews}{labels}; contract {objective.ContractVersion})");
            output.WriteLine($"  {objective.Description}");
            output.WriteLine($"  source: {objective.SourcePath}");
            foreach (var option in objective.Options)
            {
                output.WriteLine($"  option {option.Name} = {option.DefaultValue} ({option.Type}): {option.Description}");
            }
        }
        foreach (var failure in registry.Failures)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"not loaded ({failure.Kind}): {failure.Message}"));
        }
    }

    /// <summary>Writes <c>{ directories, objectives: [...], failures: [...] }</c> as indented camelCase JSON.</summary>
    public static void WriteJson(ObjectiveRegistry registry, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(output);
        var document = new
        {
            directories = registry.Directories,
            objectives = registry.Objectives.Select(o => new
            {
                o.Name,
                Version = o.Version.ToString(),
                o.Description,
                o.RequiresLabels,
                RequiredViews = o.RequiredViews.ToString(),
                o.SourcePath,
                o.ContractVersion,
                Options = o.Options.Select(p => new { p.Name, p.Type, Default = p.DefaultValue, p.Description }),
            }),
            failures = registry.Failures.Select(f => new { f.SourcePath, Kind = f.Kind.ToString(), f.Message }),
        };
        output.WriteLine(JsonSerializer.Serialize(document, Json));
    }
}
