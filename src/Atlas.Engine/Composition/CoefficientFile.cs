using System.Text.Json;
using System.Text.Json.Nodes;
using Atlas.Engine.Storage;

namespace Atlas.Engine.Composition;

/// <summary>
/// Reads and writes coefficient files: JSON that a person can read and diff, one line per coefficient.
/// </summary>
/// <example>
/// <code>
/// {
///   "format": "atlas.coefficients/1",
///   "bankHash": "sha256:…",
///   "granularity": "block",
///   "taskVectors": ["fog", "dark"],
///   "coefficients": {
///     "fog":  { "conv1.weight": 0.21, "conv1.bias": -0.03 },
///     "dark": { "conv1.weight": 0.02, "conv1.bias": 0.11 }
///   }
/// }
/// </code>
/// </example>
public static class CoefficientFile
{
    /// <summary>The format tag written into every file.</summary>
    public const string Format = "atlas.coefficients/1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes atomically and durably (<see cref="DurableFile"/>: temporary file, fsync, rename, folder fsync).</summary>
    public static void Write(string path, CoefficientSet set)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(set);
        var coefficients = new JsonObject();
        for (int t = 0; t < set.TaskVectors.Count; t++)
        {
            var row = new JsonObject();
            for (int g = 0; g < set.Groups.Count; g++) row[set.Groups[g]] = set.Values[t][g];
            coefficients[set.TaskVectors[t]] = row;
        }
        var document = new JsonObject
        {
            ["format"] = Format,
            ["bankHash"] = set.BankHash,
            ["granularity"] = set.Granularity.ToString(),
            ["taskVectors"] = new JsonArray(set.TaskVectors.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["coefficients"] = coefficients,
        };
        DurableFile.WriteText(path, document.ToJsonString(Indented));
    }

    /// <summary>Reads a coefficient file; errors name the file and the field.</summary>
    public static CoefficientSet Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new CompositionException($"Coefficient file '{path}' does not exist.");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CompositionException($"Coefficient file '{path}' is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject obj) throw Bad(path, "the document is not a JSON object");
        var format = Text(obj, "format", path);
        if (format != Format) throw Bad(path, $"format is '{format}', expected '{Format}'");
        var bankHash = Text(obj, "bankHash", path);
        Granularity granularity;
        try
        {
            granularity = Granularity.Parse(Text(obj, "granularity", path));
        }
        catch (FormatException e)
        {
            throw Bad(path, e.Message);
        }
        if (obj["taskVectors"] is not JsonArray names) throw Bad(path, "'taskVectors' is missing or not an array");
        var taskVectors = names.Select(n => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : throw Bad(path, "'taskVectors' holds a non-string")).ToArray();
        if (obj["coefficients"] is not JsonObject table) throw Bad(path, "'coefficients' is missing or not an object");

        string[]? groups = null;
        var values = new float[taskVectors.Length][];
        for (int t = 0; t < taskVectors.Length; t++)
        {
            if (table[taskVectors[t]] is not JsonObject row) throw Bad(path, $"'coefficients' has no object for task vector '{taskVectors[t]}'");
            var rowGroups = row.Select(p => p.Key).ToArray();
            if (groups is null) groups = rowGroups;
            else if (!groups.SequenceEqual(rowGroups, StringComparer.Ordinal))
                throw Bad(path, $"task vector '{taskVectors[t]}' lists other blocks than '{taskVectors[0]}'");
            values[t] = row.Select(p => p.Value is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d)
                ? (float)d
                : throw Bad(path, $"coefficient '{taskVectors[t]}'/'{p.Key}' is not a finite number")).ToArray();
        }
        var extra = table.Select(p => p.Key).Except(taskVectors, StringComparer.Ordinal).ToArray();
        if (extra.Length > 0) throw Bad(path, $"'coefficients' has rows for unlisted task vectors: {string.Join(", ", extra)}");
        return new CoefficientSet(bankHash, granularity, taskVectors, groups ?? [], values);
    }

    private static string Text(JsonObject obj, string key, string path) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Bad(path, $"'{key}' is missing or not a string");

    private static CompositionException Bad(string path, string what) => new($"Coefficient file '{path}': {what}.");
}
