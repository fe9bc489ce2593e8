using Atlas.Engine.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Atlas.Engine.Tests.Data;

public sealed class ImageFolderReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Save(string className, string file, int width, int height, Func<int, int, Rgb24> colour)
    {
        var folder = Path.Combine(_dir.Path, className);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, file);
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = colour(x, y);
            }
        }
        image.Save(path);
        return path;
    }

    private static Rgb24 Gray(byte v) => new(v, v, v);

    [Fact]
    public void PngJpegBmp_LoadWithSortedClassNamesAsLabels()
    {
        Save("zebra", "a.png", 4, 4, (_, _) => Gray(200));
        Save("ant", "b.bmp", 4, 4, (x, _) => Gray((byte)(x * 60)));
        Save("ant", "a.jpg", 4, 4, (_, _) => Gray(128));
        File.WriteAllText(Path.Combine(_dir.Path, "ant", "notes.txt"), "not an image");

        var data = DataSpec.Parse($"folder:{_dir.Path}").Load();

        Assert.Equal(["ant", "zebra"], data.ClassNames!);
        Assert.Equal([0, 0, 1], data.Labels!);
        Assert.Equal((3, 1, 4, 4), (data.Count, data.Channels, data.Height, data.Width));
        var pixels = data.Pixels.Span;
        // a.jpg (uniform 128; JPEG is lossy, tolerance 3/255), b.bmp (lossless ramp), then zebra/a.png (lossless 200).
        Assert.InRange(pixels[5], 125 / 255f, 131 / 255f);
        Assert.Equal(180 / 255f, pixels[16 + 3], 5);
        Assert.Equal(200 / 255f, pixels[32], 5);
    }

    [Fact]
    public void ColourImages_LoadAsRgbPlanes()
    {
        Save("c", "x.png", 2, 2, (_, _) => new Rgb24(255, 0, 51));
        var data = DataSpec.Parse($"folder:{_dir.Path}").Load();
        Assert.Equal(3, data.Channels);
        Assert.Equal([1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0.2f, 0.2f, 0.2f, 0.2f], data.Pixels.ToArray());
    }

    [Fact]
    public void GrayOption_ConvertsColourToLuma()
    {
        Save("c", "x.png", 2, 2, (_, _) => new Rgb24(255, 0, 0));
        var data = DataSpec.Parse($"folder:{_dir.Path},gray").Load();
        Assert.Equal(1, data.Channels);
        Assert.Equal(0.299f, data.Pixels.Span[0], 4);
    }

    [Fact]
    public void DifferentSizes_AreResizedToTheFirstOrExplicitSize()
    {
        Save("a", "1.png", 6, 4, (_, _) => Gray(100));
        Save("b", "2.png", 12, 8, (_, _) => Gray(100));
        var first = DataSpec.Parse($"folder:{_dir.Path}").Load();
        Assert.Equal((2, 4, 6), (first.Count, first.Height, first.Width));
        var explicitSize = DataSpec.Parse($"folder:{_dir.Path},rgb,3x5").Load();
        Assert.Equal((3, 5, 3), (explicitSize.Channels, explicitSize.Height, explicitSize.Width));
        // A uniform image stays uniform through resizing (tolerance 1/255 for resampler rounding).
        Assert.All(explicitSize.Pixels.ToArray(), p => Assert.Equal(100 / 255f, p, 0.004f));
    }

    [Fact]
    public void UnreadableImage_NamesTheFile()
    {
        Save("a", "good.png", 2, 2, (_, _) => Gray(1));
        var bad = Path.Combine(_dir.Path, "a", "bad.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"folder:{_dir.Path}").Load());
        Assert.Contains(bad, error.Message, StringComparison.Ordinal);
        Assert.Contains("unreadable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutClassFolders_IsReported()
    {
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse(_dir.Path).Load());
        Assert.Contains("no class sub-folders", error.Message, StringComparison.Ordinal);
    }
}
