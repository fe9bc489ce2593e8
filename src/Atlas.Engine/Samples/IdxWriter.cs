using System.Buffers.Binary;
using System.IO.Compression;
using Atlas.Engine.Data;

namespace Atlas.Engine.Samples;

/// <summary>
/// Writes images and labels as gzip-compressed IDX files (the Fashion-MNIST format: unsigned bytes, big-endian
/// dimensions), so a subset of a dataset can ship beside a model and be read back with an <c>idx:</c> data spec.
/// Pixels in [0, 1] are stored as round(255·v), which is exact for data that came from bytes.
/// </summary>
internal static class IdxWriter
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Writes <c>[N, H, W]</c> (grayscale) or <c>[N, C, H, W]</c> images and <c>[N]</c> labels.</summary>
    public static void Write(ImageDataset data, string imagesPath, string labelsPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasLabels) throw new ArgumentException("Only labeled datasets are written as an IDX pair.", nameof(data));
        int[] imageShape = data.Channels == 1 ? [data.Count, data.Height, data.Width] : [data.Count, data.Channels, data.Height, data.Width];
        var pixels = data.Pixels.Span;
        var bytes = new byte[pixels.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Clamp(MathF.Round(pixels[i] * 255f), 0f, 255f);
        WriteFile(imagesPath, imageShape, bytes);
        WriteFile(labelsPath, [data.Count], data.Labels!.Select(l => checked((byte)l)).ToArray());
    }

    private static void WriteFile(string path, int[] shape, byte[] elements)
    {
        var header = new byte[4 + (4 * shape.Length)];
        header[2] = UnsignedByte;
        header[3] = (byte)shape.Length;
        for (int i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), shape[i]);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Environment.ProcessId;
        using (var file = File.Create(temporary))
        using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        {
            gzip.Write(header);
            gzip.Write(elements);
        }
        File.Move(temporary, full, overwrite: true);
    }
}
