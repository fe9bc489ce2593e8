namespace Atlas.Engine.Conditions;

/// <summary>
/// Derives independent seeds from one user seed (SplitMix64 finaliser), so each step of a composed condition and each
/// chunk of a dataset draws its own reproducible random stream.
/// </summary>
internal static class Seeds
{
    public static ulong Derive(long seed, long stream)
    {
        var z = unchecked((ulong)seed + (0x9E3779B97F4A7C15UL * (ulong)(stream + 1)));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
