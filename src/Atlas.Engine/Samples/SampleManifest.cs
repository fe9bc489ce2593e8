using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atlas.Engine.Samples;

/// <summary>
/// <c>sample.json</c>: what a sample folder holds and how it was made, so the report, the tests and users find the base
/// model, the bank, the test subset, the conditions (with the task vector trained for each) and the evaluation seed
/// without hard-coding them.
/// </summary>
public sealed class SampleManifest
{
    /// <summary>The file name inside a sample folder.</summary>
    public const string FileName = "sample.json";

    /// <summary>The format tag.</summary>
    public const string FormatName = "atlas.sample/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>The base model file, relative to the sample folder.</summary>
    public required string BaseModel { get; init; }

    /// <summary>The bank folder, relative to the sample folder.</summary>
    public required string Bank { get; init; }

    /// <summary>The labeled test subset's IDX images file, relative to the sample folder.</summary>
    public required string TestImages { get; init; }

    /// <summary>The labeled test subset's IDX labels file, relative to the sample folder.</summary>
    public required string TestLabels { get; init; }

    /// <summary>Images in the test subset.</summary>
    public required int TestCount { get; init; }

    /// <summary>Seed of the conditions at evaluation time (<c>atlas eval --seed</c>).</summary>
    public required int EvaluationSeed { get; init; }

    /// <summary>Each expert's task-vector name and condition, in bank order.</summary>
    public required IReadOnlyList<SampleCondition> Conditions { get; init; }

    /// <summary>The class names, indexed by label.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>How the sample was trained (data ranges, epochs, rates, seeds, timings), for the record.</summary>
    public required IReadOnlyDictionary<string, string> Training { get; init; }

    /// <summary>The data spec of the shipped test subset, with paths relative to <paramref name="sampleDirectory"/>.</summary>
    public string TestDataSpec(string sampleDirectory) =>
        $"idx:{Path.Combine(sampleDirectory, TestImages)},{Path.Combine(sampleDirectory, TestLabels)}";

    /// <summary>Reads <c>sample.json</c> from a sample folder.</summary>
    /// <exception cref="InvalidDataException">The file is missing, not JSON, or not this format.</exception>
    public static SampleManifest Read(string sampleDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sampleDirectory);
        var path = Path.Combine(sampleDirectory, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"'{sampleDirectory}' is not a sample folder: {FileName} is missing.");
        SampleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SampleManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Sample manifest '{path}' is not valid: {e.Message}", e);
        }
        if (manifest is null || manifest.Format != FormatName)
            throw new InvalidDataException($"Sample manifest '{path}' has format '{manifest?.Format}', expected '{FormatName}'.");
        return manifest;
    }

    /// <summary>Writes <c>sample.json</c> into a sample folder.</summary>
    public void Write(string sampleDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sampleDirectory);
        File.WriteAllText(Path.Combine(sampleDirectory, FileName), JsonSerializer.Serialize(this, Json) + "\n");
    }
}
