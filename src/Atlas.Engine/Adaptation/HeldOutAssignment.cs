namespace Atlas.Engine.Adaptation;

/// <summary>
/// Which admitted frames go to the held-out slice: the arrivals are cut into consecutive blocks of k, and in each block
/// the frame at one position, drawn by a seeded hash of the block's index, is held out. The share is exactly one in k per
/// block (so the slice fills at a steady rate), yet the position does not follow any period of the stream: a camera
/// scene that repeats every k (or 2k, ...) frames still sends each of its phases to both slices, which a fixed
/// "every k-th frame" rule would not. Deterministic for a seed, stateless, and cheap (one hash per frame).
/// </summary>
internal static class HeldOutAssignment
{
    /// <summary>Whether the frame with zero-based arrival index <paramref name="index"/> is held out.</summary>
    /// <param name="index">Zero-based arrival index among all admitted frames.</param>
    /// <param name="every">Block length k (at least 2).</param>
    /// <param name="seed">Seed of the per-block positions.</param>
    public static bool IsHeldOut(long index, int every, int seed)
    {
        long block = index / every;
        int position = (int)(index % every);
        return position == (int)(Mix(unchecked((ulong)block ^ ((ulong)(uint)seed << 32))) % (ulong)every);
    }

    /// <summary>SplitMix64's finaliser: a bijective 64-bit mix whose output bits all depend on every input bit.</summary>
    private static ulong Mix(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
