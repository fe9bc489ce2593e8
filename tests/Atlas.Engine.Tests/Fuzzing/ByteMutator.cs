using System.Buffers.Binary;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Seeded, format-blind mutations of a byte array, the classic fuzzer moves: bit flips, random and boundary bytes,
/// boundary integers written over length and offset fields, truncation, insertion, deletion and duplication of ranges.
/// </summary>
internal static class ByteMutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    private static readonly long[] InterestingIntegers =
        [0, 1, -1, 2, 255, 256, 65535, 65536, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 40];

    /// <summary>Applies one to four mutations to a copy of <paramref name="input"/>; returns the copy and the names of the moves.</summary>
    public static (byte[] Bytes, string Moves) Mutate(Random random, ReadOnlySpan<byte> input, int? limitTo = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = input.ToArray();
        var moves = new List<string>();
        var count = random.Next(1, 5);
        for (var m = 0; m < count; m++)
        {
            var (next, move) = MutateOnce(random, bytes, limitTo ?? bytes.Length);
            bytes = next;
            moves.Add(move);
        }
        return (bytes, string.Join("+", moves));
    }

    /// <summary>Random bytes of a random length up to <paramref name="maxLength"/>, optionally after a given prefix (a format's magic).</summary>
    public static byte[] RandomBytes(Random random, int maxLength, ReadOnlySpan<byte> prefix = default)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = new byte[prefix.Length + random.Next(maxLength + 1)];
        prefix.CopyTo(bytes);
        random.NextBytes(bytes.AsSpan(prefix.Length));
        return bytes;
    }

    private static (byte[] Bytes, string Move) MutateOnce(Random random, byte[] bytes, int limit)
    {
        limit = Math.Min(limit, bytes.Length);
        if (bytes.Length == 0 || limit == 0) return (RandomBytes(random, 64), "random");
        var at = random.Next(limit);
        switch (random.Next(9))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return (bytes, "flip-bit");
            case 1:
                bytes[at] = (byte)random.Next(256);
                return (bytes, "random-byte");
            case 2:
                bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return (bytes, "boundary-byte");
            case 3:
                return (WriteInteger(random, bytes, at), "boundary-integer");
            case 4:
                return (bytes[..random.Next(bytes.Length)], "truncate");
            case 5:
                {
                    var insert = RandomBytes(random, 32);
                    return ([.. bytes[..at], .. insert, .. bytes[at..]], "insert");
                }
            case 6:
                {
                    var length = random.Next(1, Math.Min(64, bytes.Length - at) + 1);
                    return ([.. bytes[..at], .. bytes[(at + length)..]], "delete");
                }
            case 7:
                {
                    var length = random.Next(1, Math.Min(256, bytes.Length - at) + 1);
                    var to = random.Next(bytes.Length);
                    return ([.. bytes[..to], .. bytes.AsSpan(at, length), .. bytes[to..]], "duplicate");
                }
            default:
                {
                    // Overwrite a run with one value: long zero or 0xFF runs upset length-prefixed and run-length coders.
                    var length = random.Next(1, Math.Min(128, bytes.Length - at) + 1);
                    bytes.AsSpan(at, length).Fill(random.Next(2) == 0 ? (byte)0 : (byte)0xFF);
                    return (bytes, "fill");
                }
        }
    }

    private static byte[] WriteInteger(Random random, byte[] bytes, int at)
    {
        var value = InterestingIntegers[random.Next(InterestingIntegers.Length)];
        var width = random.Next(3) switch { 0 => 2, 1 => 4, _ => 8 };
        if (at + width > bytes.Length) at = Math.Max(0, bytes.Length - width);
        if (at + width > bytes.Length) return bytes;
        Span<byte> scratch = stackalloc byte[8];
        if (random.Next(2) == 0) BinaryPrimitives.WriteInt64LittleEndian(scratch, value);
        else BinaryPrimitives.WriteInt64BigEndian(scratch, value << (8 * (8 - width)));
        scratch[..width].CopyTo(bytes.AsSpan(at));
        return bytes;
    }
}
