using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Atlas.Engine.Tests.Samples;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Valid camera frames to mutate, made from the shipped sample's real Fashion-MNIST test images (grey PNG, JPEG,
/// BMP, and an RGB PNG), and the PNG chunk surgery the structured mutations need (chunks re-checksummed, so a
/// mutation reaches the decoder instead of stopping at the CRC check).
/// </summary>
internal static class ImageSeeds
{
    public static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly Lazy<byte[]> FashionImages = new(() =>
    {
        using var input = new GZipStream(File.OpenRead(RepositoryFiles.Path("samples", "fashion-camera", "test-images-idx3-ubyte.gz")), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    });

    private static readonly Lazy<byte[][]> Encoded = new(() => [.. Enumerable.Range(0, 4).SelectMany(i => new[]
    {
        Encode(i, (image, stream) => image.SaveAsPng(stream)),
        Encode(i, (image, stream) => image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 })),
        Encode(i, (image, stream) => image.SaveAsBmp(stream)),
        EncodeRgbPng(i),
    })]);

    /// <summary>Formats of <see cref="Seed"/>'s images, in order.</summary>
    public static readonly string[] Formats = ["png", "jpeg", "bmp", "png-rgb"];

    /// <summary>A valid frame: format <paramref name="format"/> (index into <see cref="Formats"/>) of one of four real images.</summary>
    public static byte[] Seed(Random random, int format) => Encoded.Value[(random.Next(4) * Formats.Length) + format];

    /// <summary>The 784 grey pixels of sample test image <paramref name="index"/>.</summary>
    public static byte[] Pixels(int index) => FashionImages.Value.AsSpan(16 + (index * 784), 784).ToArray();

    /// <summary>Offsets of every chunk of a PNG: (start of the length field, data length, type).</summary>
    public static List<(int Start, int Length, string Type)> Chunks(byte[] png)
    {
        var chunks = new List<(int, int, string)>();
        for (var at = PngSignature.Length; at + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            if (length < 0 || at + 12 + length > png.Length) break;
            chunks.Add((at, length, Encoding.ASCII.GetString(png, at + 4, 4)));
            at += 12 + length;
        }
        return chunks;
    }

    /// <summary>Recomputes the CRC of the chunk whose length field starts at <paramref name="start"/>.</summary>
    public static void FixCrc(byte[] png, int start)
    {
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(start));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(start + 8 + length), Crc32(png.AsSpan(start + 4, 4 + length)));
    }

    /// <summary>A whole chunk (length, type, data, CRC).</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>The PNG with <paramref name="chunk"/> inserted right after IHDR.</summary>
    public static byte[] InsertAfterHeader(byte[] png, byte[] chunk)
    {
        var afterHeader = Chunks(png)[0].Start + 12 + Chunks(png)[0].Length;
        return [.. png[..afterHeader], .. chunk, .. png[afterHeader..]];
    }

    /// <summary>zlib-compressed <paramref name="length"/> zero bytes: a few hundred bytes that inflate to <paramref name="length"/>.</summary>
    public static byte[] ZlibZeros(int length)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[64 * 1024];
            for (var done = 0; done < length; done += zeros.Length) zlib.Write(zeros, 0, Math.Min(zeros.Length, length - done));
        }
        return output.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    private static byte[] Encode(int index, Action<Image<L8>, MemoryStream> save)
    {
        using var image = Image.LoadPixelData<L8>(Pixels(index), 28, 28);
        using var stream = new MemoryStream();
        save(image, stream);
        return stream.ToArray();
    }

    private static byte[] EncodeRgbPng(int index)
    {
        var grey = Pixels(index);
        var rgb = new Rgb24[grey.Length];
        for (var i = 0; i < grey.Length; i++) rgb[i] = new Rgb24(grey[i], (byte)(255 - grey[i]), (byte)(grey[i] / 2));
        using var image = Image.LoadPixelData<Rgb24>(rgb, 28, 28);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
