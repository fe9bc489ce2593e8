using System.Globalization;
using System.Text.Json;

namespace Atlas.Agent.Ingest;

/// <summary>
/// Class labels from the model's metadata key <c>atlas.labels</c>: a JSON array of strings or a comma-separated
/// list, one per class. Without it the labels are the class indices ("0", "1", ...).
/// </summary>
internal static class ModelLabels
{
    public const string MetadataKey = "atlas.labels";

    public static IReadOnlyList<string> Read(IReadOnlyDictionary<string, string> metadata, int classCount, string modelPath)
    {
        if (!metadata.TryGetValue(MetadataKey, out var text) || string.IsNullOrWhiteSpace(text))
            return Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] labels;
        if (text.TrimStart().StartsWith('['))
        {
            try
            {
                labels = JsonSerializer.Deserialize<string[]>(text) ?? [];
            }
            catch (JsonException e)
            {
                throw new AgentStartupException($"Model '{modelPath}': metadata '{MetadataKey}' is not a JSON array of strings: {e.Message}", e);
            }
        }
        else
        {
            labels = text.Split(',', StringSplitOptions.TrimEntries);
        }
        if (labels.Length != classCount)
            throw new AgentStartupException($"Model '{modelPath}': metadata '{MetadataKey}' lists {labels.Length} labels but the model has {classCount} classes.");
        return labels;
    }
}
