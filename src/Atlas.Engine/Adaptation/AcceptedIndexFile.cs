using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Atlas.Engine.Storage;

namespace Atlas.Engine.Adaptation;

/// <summary>
/// Reads and writes <c>accepted.json</c>, the ordered list of accepted versions. Writes go through
/// <see cref="DurableFile"/> (temporary file, fsync, rename, folder fsync), so a crash or power loss leaves either the
/// old index or the new one, never half of one.
/// </summary>
internal static class AcceptedIndexFile
{
    public const string Format = "atlas.adaptation-state/1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static List<AcceptedVersion> Read(string path)
    {
        if (!File.Exists(path)) return [];
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root) throw Bad(path, "the document is not a JSON object");
            var format = root["format"] is JsonValue f && f.TryGetValue<string>(out var tag) ? tag : null;
            if (format != Format) throw Bad(path, $"format is '{format}', expected '{Format}'");
            if (root["versions"] is not JsonArray versions) throw Bad(path, "'versions' is missing or not an array");
            return versions.Select(v => v is JsonObject entry ? Entry(entry, path) : throw Bad(path, "'versions' holds a non-object")).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new AdaptationStateException($"Adaptation index '{path}' cannot be read: {e.Message}", e);
        }
    }

    public static void Write(string path, IEnumerable<AcceptedVersion> versions)
    {
        var document = new JsonObject
        {
            ["format"] = Format,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)new JsonObject
            {
                ["version"] = v.Version,
                ["file"] = "coefficients/" + v.FileName,
                ["bankHash"] = v.BankHash,
                ["acceptedAt"] = v.AcceptedAt.ToString("O", CultureInfo.InvariantCulture),
            }).ToArray()),
        };
        DurableFile.WriteText(path, document.ToJsonString(Indented));
    }

    private static AcceptedVersion Entry(JsonObject entry, string path)
    {
        int version = entry["version"] is JsonValue v && v.TryGetValue<int>(out var n) && n > 0 ? n : throw Bad(path, "an entry has no positive 'version'");
        var bankHash = entry["bankHash"] is JsonValue h && h.TryGetValue<string>(out var text) ? text : throw Bad(path, $"version {version} has no 'bankHash'");
        var acceptedAt = entry["acceptedAt"] is JsonValue a && a.TryGetValue<string>(out var at)
            && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var when)
            ? when
            : throw Bad(path, $"version {version} has no valid 'acceptedAt'");
        return new AcceptedVersion(version, bankHash, acceptedAt);
    }

    private static AdaptationStateException Bad(string path, string what) => new($"Adaptation index '{path}': {what}.");
}
