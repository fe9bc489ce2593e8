using System.Globalization;
using System.Text.Json;

namespace Atlas.Plugins;

/// <summary>
/// Binds an objective's options from JSON and collects every problem before failing, so that
/// <see cref="IObjective.Configure"/> can report all bad options at once. Property names match case-insensitively;
/// a missing property takes its default; a property nobody asked for is an error (it is almost always a typo).
/// </summary>
/// <example>
/// <code>
/// var reader = new ObjectiveOptionsReader(Name, options);
/// _temperature = reader.GetNumber("temperature", 0.2, min: 1e-3, max: 100);
/// reader.ThrowIfInvalid();
/// </code>
/// </example>
public sealed class ObjectiveOptionsReader
{
    private readonly string _objectiveName;
    private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _errors = [];

    /// <summary>Starts reading <paramref name="options"/>; an undefined or null element means "all defaults".</summary>
    public ObjectiveOptionsReader(string objectiveName, JsonElement options)
    {
        _objectiveName = objectiveName;
        switch (options.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                break;
            case JsonValueKind.Object:
                foreach (var property in options.EnumerateObject())
                {
                    _properties[property.Name] = property.Value;
                }
                break;
            default:
                _errors.Add($"options must be a JSON object, got {options.ValueKind}");
                break;
        }
    }

    /// <summary>Reads a number in <c>[min, max]</c> (inclusive), or returns <paramref name="defaultValue"/> when absent.</summary>
    public double GetNumber(string name, double defaultValue, double min, double max)
    {
        if (!TryGet(name, out var element))
        {
            return defaultValue;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            return Fail(name, element, $"a number in [{Format(min)}, {Format(max)}]", defaultValue);
        }
        return value >= min && value <= max ? value : Fail(name, element, $"a number in [{Format(min)}, {Format(max)}]", defaultValue);
    }

    /// <summary>Reads an integer in <c>[min, max]</c> (inclusive), or returns <paramref name="defaultValue"/> when absent.</summary>
    public int GetInteger(string name, int defaultValue, int min, int max)
    {
        if (!TryGet(name, out var element))
        {
            return defaultValue;
        }
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= min && value <= max
            ? value
            : Fail(name, element, $"an integer in [{min}, {max}]", defaultValue);
    }

    /// <summary>Reads <c>true</c> or <c>false</c>, or returns <paramref name="defaultValue"/> when absent.</summary>
    public bool GetBoolean(string name, bool defaultValue)
    {
        if (!TryGet(name, out var element))
        {
            return defaultValue;
        }
        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Fail(name, element, "true or false", defaultValue),
        };
    }

    /// <summary>Reads one of <paramref name="allowed"/> (case-insensitive, returned as spelled in the list).</summary>
    public string GetChoice(string name, string defaultValue, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (!TryGet(name, out var element))
        {
            return defaultValue;
        }
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        return match ?? Fail(name, element, "one of " + string.Join(", ", allowed.Select(a => $"\"{a}\"")), defaultValue);
    }

    /// <summary>Adds a cross-option error (e.g. "start must not exceed end") found after reading.</summary>
    public void AddError(string message) => _errors.Add(message);

    /// <summary>
    /// Throws <see cref="ObjectiveOptionsException"/> listing every error so far, including every property that no
    /// <c>Get*</c> call asked for. Call it once, after reading all options.
    /// </summary>
    public void ThrowIfInvalid()
    {
        foreach (var name in _properties.Keys.Where(k => !_known.Contains(k)).Order(StringComparer.Ordinal))
        {
            var known = _known.Count == 0 ? "this objective has no options" : "known options: " + string.Join(", ", _known.Order(StringComparer.Ordinal));
            _errors.Add($"unknown option '{name}' ({known})");
        }
        if (_errors.Count > 0)
        {
            throw new ObjectiveOptionsException(_objectiveName, [.. _errors]);
        }
    }

    private bool TryGet(string name, out JsonElement element)
    {
        _known.Add(name);
        return _properties.TryGetValue(name, out element);
    }

    private T Fail<T>(string name, JsonElement element, string expected, T defaultValue)
    {
        _errors.Add($"option '{name}' is {element.GetRawText()}, expected {expected}");
        return defaultValue;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
