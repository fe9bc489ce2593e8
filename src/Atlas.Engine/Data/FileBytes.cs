using System.IO.Compression;

namespace Atlas.Engine.Data;

/// <summary>
/// Reads a whole file into memory, transparently inflating it when it starts with the gzip header (1f 8b), whatever its
/// name. A truncated or corrupt gzip stream is reported as a <see cref="DataFormatException"/> naming the file.
/// </summary>
internal static class FileBytes
{
    public static byte[] Read(string path)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException($"Cannot read data file '{path}': {e.Message}", e);
        }
        return IsGzip(raw) ? Inflate(path, raw) : raw;
    }

    private static bool IsGzip(byte[] raw) => raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;

    private static byte[] Inflate(string path, byte[] raw)
    {
        // The gzip trailer ends with ISIZE, the inflated length modulo 2^32: it sizes the buffer and lets a stream that
        // ends early be told apart from a complete one.
        if (raw.Length < 18)
        {
            throw new DataFormatException($"Data file '{path}': gzip stream truncated ({raw.Length} bytes, a gzip member needs at least 18).");
        }
        var expected = BitConverter.ToUInt32(raw, raw.Length - 4);
        using var input = new MemoryStream(raw, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        // Deflate cannot expand more than about 1032:1, so a trailer promising more is garbage from a cut-off stream.
        var capacity = expected <= raw.Length * 1032L ? (int)Math.Min(expected, Array.MaxLength) : raw.Length * 4;
        using var output = new MemoryStream(capacity);
        try
        {
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException($"Data file '{path}': gzip stream corrupt or truncated after {output.Length} inflated bytes: {e.Message}", e);
        }
        if ((uint)output.Length != expected)
        {
            throw new DataFormatException(
                $"Data file '{path}': gzip stream truncated or corrupt: inflated {output.Length} bytes, but the gzip trailer records {expected}.");
        }
        return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
    }
}
