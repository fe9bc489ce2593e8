using System.Globalization;

namespace Atlas.Engine.Composition;

/// <summary>How many coefficients each task vector gets.</summary>
public enum GranularityKind
{
    /// <summary>One coefficient per task vector (learned task arithmetic, "isotropic").</summary>
    Global,

    /// <summary>One coefficient per task vector and layer: initializers grouped by the graph node that consumes them (AdaMerging's layer-wise).</summary>
    Layer,

    /// <summary>One coefficient per task vector and parameter block (initializer): aTLAS.</summary>
    Block,
}

/// <summary>
/// The coefficient granularity: <c>global</c>, <c>layer</c>, <c>block</c>, or <c>block:K</c> (each block split into K
/// contiguous chunks along its first dimension, a coefficient each: aTLAS ×K with deterministic partitions).
/// </summary>
public readonly record struct Granularity(GranularityKind Kind, int Partitions = 1)
{
    /// <summary>aTLAS: one coefficient per (task vector, block).</summary>
    public static Granularity Block => new(GranularityKind.Block);

    /// <summary>Parses <c>global</c>, <c>layer</c>, <c>block</c> or <c>block:K</c> (K ≥ 1).</summary>
    public static Granularity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        switch (trimmed)
        {
            case "global": return new Granularity(GranularityKind.Global);
            case "layer": return new Granularity(GranularityKind.Layer);
            case "block": return Block;
        }
        if (trimmed.StartsWith("block:", StringComparison.Ordinal)
            && int.TryParse(trimmed.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1)
        {
            return new Granularity(GranularityKind.Block, k);
        }
        throw new FormatException($"Unknown granularity '{text}'. Use global, layer, block or block:K with K ≥ 1 (e.g. block:4).");
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        GranularityKind.Global => "global",
        GranularityKind.Layer => "layer",
        _ => Partitions == 1 ? "block" : string.Create(CultureInfo.InvariantCulture, $"block:{Partitions}"),
    };
}
