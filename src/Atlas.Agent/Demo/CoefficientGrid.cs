using System.Text.Json;

namespace Atlas.Agent.Demo;

/// <summary>The served coefficients as read from the retained <c>adaptation/coefficients</c> topic.</summary>
/// <param name="ModelVersion">The served model version.</param>
/// <param name="TaskVectors">Row labels.</param>
/// <param name="Blocks">Column labels.</param>
/// <param name="Values">Values[row][column].</param>
internal sealed record CoefficientGrid(string ModelVersion, IReadOnlyList<string> TaskVectors, IReadOnlyList<string> Blocks, float[][] Values)
{
    /// <summary>Reads the topic's JSON (<see cref="Adaptation.Status.CoefficientSnapshot"/>); null when it is not that shape.</summary>
    public static CoefficientGrid? Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("modelVersion", out var version) || version.ValueKind != JsonValueKind.String
            || !json.TryGetProperty("taskVectors", out var rows) || !json.TryGetProperty("blocks", out var columns)
            || !json.TryGetProperty("values", out var values))
            return null;
        var grid = new CoefficientGrid(version.GetString()!,
            rows.EnumerateArray().Select(r => r.GetString() ?? "").ToArray(),
            columns.EnumerateArray().Select(c => c.GetString() ?? "").ToArray(),
            values.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray());
        return grid.Values.Length == grid.TaskVectors.Count && grid.Values.All(r => r.Length == grid.Blocks.Count) ? grid : null;
    }

    /// <summary>The largest |λ|, at least a tiny positive number so shading never divides by zero.</summary>
    public float MaxAbs => Math.Max(1e-6f, Values.SelectMany(r => r).Select(Math.Abs).DefaultIfEmpty(0).Max());
}
