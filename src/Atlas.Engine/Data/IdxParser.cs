using System.Buffers.Binary;

namespace Atlas.Engine.Data;

/// <summary>
/// Parses the IDX format of MNIST and Fashion-MNIST: two zero bytes, a type code, the number of dimensions, each
/// dimension as a big-endian 32-bit count, then the elements in big-endian C order.
/// </summary>
internal static class IdxParser
{
    /// <summary>True when <paramref name="bytes"/> starts like an IDX file (magic 00 00, a known type code, 1–4 dimensions).</summary>
    public static bool LooksLikeIdx(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && TryElementType(bytes[2], out _) && bytes[3] is >= 1 and <= 4;

    public static RawArray Parse(string path, byte[] bytes)
    {
        if (bytes.Length < 4)
        {
            throw new DataFormatException($"IDX file '{path}': truncated header ({bytes.Length} bytes, at least 4 needed for the magic number).");
        }
        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw new DataFormatException(
                $"IDX file '{path}': bad magic number at offset 0: expected 00 00 <type> <dims>, found {bytes[0]:x2} {bytes[1]:x2} {bytes[2]:x2} {bytes[3]:x2}.");
        }
        if (!TryElementType(bytes[2], out var elementType))
        {
            throw new DataFormatException(
                $"IDX file '{path}': unsupported element type code 0x{bytes[2]:x2} at offset 2 (known: 08 ubyte, 09 byte, 0b short, 0c int, 0d float, 0e double).");
        }
        int rank = bytes[3];
        if (rank is < 1 or > 4)
        {
            throw new DataFormatException($"IDX file '{path}': {rank} dimensions at offset 3; 1 to 4 are supported.");
        }
        var headerLength = 4 + (4 * rank);
        if (bytes.Length < headerLength)
        {
            throw new DataFormatException(
                $"IDX file '{path}': truncated header: {rank} dimensions need {headerLength} header bytes, the file has {bytes.Length}.");
        }
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var offset = 4 + (4 * i);
            var dim = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
            if (dim < 0)
            {
                throw new DataFormatException($"IDX file '{path}': dimension {i} at offset {offset} is negative ({dim}).");
            }
            shape[i] = dim;
        }
        var expected = shape.Aggregate(1L, (a, d) => a * d) * ElementTypes.SizeOf(elementType);
        var actual = bytes.Length - headerLength;
        if (actual < expected)
        {
            throw new DataFormatException(
                $"IDX file '{path}': truncated data: shape ({string.Join(", ", shape)}) of {elementType} needs {expected} bytes after the " +
                $"{headerLength}-byte header, the file has {actual}.");
        }
        return new RawArray(path, "IDX", shape, elementType, bigEndian: true, bytes, headerLength);
    }

    private static bool TryElementType(byte code, out ElementType type)
    {
        type = code switch
        {
            0x08 => ElementType.UInt8,
            0x09 => ElementType.Int8,
            0x0B => ElementType.Int16,
            0x0C => ElementType.Int32,
            0x0D => ElementType.Float32,
            0x0E => ElementType.Float64,
            _ => (ElementType)(-1),
        };
        return (int)type >= 0;
    }
}
