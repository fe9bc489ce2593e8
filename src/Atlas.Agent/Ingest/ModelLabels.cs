using System.Globalization;
using System.Text.Json;

namespace Atlas.Agent.Ingest;

/// <summary>
/// Class labels from the model's metadata: <c>atlas.labels</c>, or else <c>atlas.class_names</c> (the key the
/// shipped sample model uses), each a JSON array of strings or a comma-separated list, one per class. Without
/// either the labels are the class indices ("0", "1", ...).
/// </summary>
internal static class ModelLabels
{
    public const string MetadataKey = "atlas.labels";

    public const string ClassNamesKey = "atlas.class_names";

    public static IReadOnlyList<string> Read(IReadOnlyDictionary<string, string> metadata, int classCount, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var key in new[] { MetadataKey, ClassNamesKey })
        {
            if (metadata.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text))
                return Parse(key, text, classCount, modelPath);
        }
        return Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static string[] Parse(string key, string text, int classCount, string modelPath)
    {
        string[] labels;
        if (text.TrimStart().StartsWith('['))
        {
            try
            {
                labels = JsonSerializer.Deserialize<string[]>(text) ?? [];
            }
            catch (JsonException e)
            {
                throw new AgentStartupException($"Model '{modelPath}': metadata '{key}' is not a JSON array of strings: {e.Message}", e);
            }
        }
        else
        {
            labels = text.Split(',', StringSplitOptions.TrimEntries);
        }
        if (labels.Length != classCount)
            throw new AgentStartupException($"Model '{modelPath}': metadata '{key}' lists {labels.Length} labels but the model has {classCount} classes.");
        return labels;
    }
}
