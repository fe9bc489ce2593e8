using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Unicode;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Reads a <c>config/desired</c> JSON document onto a copy of the settings in force and reports every problem:
/// malformed JSON, unknown keys, wrong value types, a missing or stale <c>version</c>, and every out-of-range value
/// (through the same data annotations that validate the start-up configuration). Paths are JSON paths with the
/// schema's camelCase names, e.g. <c>$.adaptation.everyFrames</c>. Keys left out keep their current values.
/// </summary>
internal static class RuntimeConfigDocument
{
    /// <summary>Largest accepted document, in bytes.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxDepth = 8;

    public static IReadOnlyList<string> Parse(ReadOnlyMemory<byte> json, RuntimeSettings current, out RuntimeSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(current);
        settings = null;
        if (json.Length > MaxBytes) return [$"$: the document has {json.Length} bytes; the limit is {MaxBytes}"];
        // Both found by fuzzing: invalid UTF-8 inside a string passed the parser and threw when the string was read,
        // and a key given twice was applied with whichever value came last.
        if (!Utf8.IsValid(json.Span)) return ["$: not valid UTF-8"];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth + 2, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return [$"$: not valid JSON: {e.Message}"];
        }
        using (document)
        {
            var errors = new List<string>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return [$"$: must be a JSON object (was {document.RootElement.ValueKind})"];
            if (!document.RootElement.TryGetProperty("version", out _))
                errors.Add("$.version: is required");
            var candidate = current.Clone();
            Bind(document.RootElement, candidate, "$", errors, depth: 0);
            if (candidate.Version < 1 && errors.Count == 0)
                errors.Add($"$.version: must be at least 1 (was {candidate.Version})");
            else if (candidate.Version < current.Version)
                errors.Add($"$.version: {candidate.Version} is older than the version in force ({current.Version})");
            errors.AddRange(OptionsTreeValidator.Validate(candidate, "$", jsonPaths: true));
            if (errors.Count == 0) settings = candidate;
            return errors;
        }
    }

    /// <summary>The schema name of a property: camelCase.</summary>
    public static string JsonName(string propertyName) =>
        string.Concat(char.ToLowerInvariant(propertyName[0]).ToString(), propertyName[1..]);

    private static void Bind(JsonElement element, object target, string path, List<string> errors, int depth)
    {
        var properties = target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite).ToDictionary(p => JsonName(p.Name), StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var memberPath = $"{path}.{member.Name}";
            if (!properties.TryGetValue(member.Name, out var property))
            {
                errors.Add($"{memberPath}: unknown setting (known: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }
            var type = property.PropertyType;
            if (type.IsClass && type != typeof(string))
            {
                if (member.Value.ValueKind != JsonValueKind.Object)
                    errors.Add($"{memberPath}: must be an object (was {member.Value.ValueKind})");
                else if (depth >= MaxDepth)
                    errors.Add($"{memberPath}: nested too deeply");
                else
                    Bind(member.Value, property.GetValue(target)!, memberPath, errors, depth + 1);
                continue;
            }
            if (TryConvert(member.Value, type, out var value, out var expected))
                property.SetValue(target, value);
            else
                errors.Add($"{memberPath}: must be {expected} (was {Describe(member.Value)})");
        }
    }

    private static bool TryConvert(JsonElement value, Type type, out object? result, out string expected)
    {
        result = null;
        if (type.IsEnum)
        {
            expected = $"one of {string.Join(", ", Enum.GetNames(type).Select(n => $"\"{n}\""))}";
            if (value.ValueKind == JsonValueKind.String && Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, value.GetString(), StringComparison.OrdinalIgnoreCase)) is { } name)
                result = Enum.Parse(type, name);
            return result is not null;
        }
        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Int32:
                expected = "an integer";
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)) result = i;
                break;
            case TypeCode.Int64:
                expected = "an integer";
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l)) result = l;
                break;
            case TypeCode.Double:
                expected = "a number";
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)) result = d;
                break;
            case TypeCode.Boolean:
                expected = "true or false";
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) result = value.GetBoolean();
                break;
            case TypeCode.String:
                expected = "a string";
                if (value.ValueKind == JsonValueKind.String) result = value.GetString();
                break;
            default:
                expected = type.Name;
                break;
        }
        return result is not null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{Truncate(value.GetString() ?? "")}\"",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
