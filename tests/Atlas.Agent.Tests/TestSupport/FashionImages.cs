using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>Real Fashion-MNIST test images (28×28 grey) from the IDX files, as raw pixels and as PNG bytes.</summary>
internal static class FashionImages
{
    private static readonly Lazy<byte[]> Images = new(Load);

    public static string Folder =>
        Environment.GetEnvironmentVariable("ATLAS_FASHION_MNIST") is { Length: > 0 } folder ? folder : "/usr/share/datasets/fashion-mnist";

    /// <summary>The 784 pixels of test image <paramref name="index"/>, row-major.</summary>
    public static byte[] Pixels(int index) => Images.Value.AsSpan(16 + (index * 784), 784).ToArray();

    public static byte[] Png(int index)
    {
        using var image = Image.LoadPixelData<L8>(Pixels(index), 28, 28);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static byte[] Load()
    {
        var gz = Path.Combine(Folder, "t10k-images-idx3-ubyte.gz");
        if (File.Exists(gz))
        {
            using var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        var raw = Path.Combine(Folder, "t10k-images-idx3-ubyte");
        return File.Exists(raw) ? File.ReadAllBytes(raw)
            : throw new FileNotFoundException($"Fashion-MNIST test images not found in '{Folder}' (install dataset-fashion-mnist or set ATLAS_FASHION_MNIST).");
    }
}
