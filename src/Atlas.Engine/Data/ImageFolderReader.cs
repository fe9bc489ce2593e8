using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Atlas.Engine.Data;

/// <summary>
/// Reads a folder in the torchvision ImageFolder convention: one sub-folder per class, class indices in ordinal order of
/// the folder names, JPEG/PNG/BMP files inside (other files are ignored). Every image is converted to one channel count
/// and resized to one size, so the result is a single NCHW block.
/// </summary>
internal static class ImageFolderReader
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp"];

    /// <param name="root">The folder holding one sub-folder per class.</param>
    /// <param name="channels">1 (grayscale) or 3 (RGB); null decides from the first image (1 when it is gray).</param>
    /// <param name="size">Width and height for every image; null takes the first image's size.</param>
    public static ImageDataset Read(string root, int? channels, (int Width, int Height)? size)
    {
        if (!Directory.Exists(root))
        {
            throw new DataFormatException($"Image folder '{root}' does not exist.");
        }
        string[] classDirs;
        var files = new List<(string Path, int Label)>();
        try
        {
            classDirs = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
            for (var label = 0; label < classDirs.Length; label++)
            {
                files.AddRange(Directory.GetFiles(classDirs[label])
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .Select(f => (f, label)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException($"Image folder '{root}' cannot be listed: {e.Message}", e);
        }
        if (classDirs.Length == 0)
        {
            throw new DataFormatException($"Image folder '{root}' has no class sub-folders (expected <root>/<class>/<image>).");
        }
        if (files.Count == 0)
        {
            throw new DataFormatException($"Image folder '{root}' has no .jpg, .jpeg, .png or .bmp files in its {classDirs.Length} class folders.");
        }

        using var first = Load(files[0].Path);
        var resolvedChannels = channels ?? (IsGray(first) ? 1 : 3);
        var (width, height) = size ?? (first.Width, first.Height);
        var imageSize = resolvedChannels * height * width;
        var pixels = new float[checked(files.Count * imageSize)];
        var labels = new int[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            using var image = i == 0 ? first.Clone() : Load(files[i].Path);
            if (image.Width != width || image.Height != height)
            {
                image.Mutate(x => x.Resize(width, height));
            }
            WritePixels(image, resolvedChannels, pixels.AsSpan(i * imageSize, imageSize));
            labels[i] = files[i].Label;
        }
        var classNames = classDirs.Select(Path.GetFileName).Select(n => n!).ToArray();
        return new ImageDataset(pixels, resolvedChannels, height, width, labels, classNames.Length, classNames);
    }

    private static Image<Rgb24> Load(string path)
    {
        try
        {
            return Image.Load<Rgb24>(path);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or IOException)
        {
            throw new DataFormatException($"Image file '{path}' is unreadable: {e.Message}", e);
        }
    }

    private static bool IsGray(Image<Rgb24> image)
    {
        var gray = true;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height && gray; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    if (p.R != p.G || p.G != p.B)
                    {
                        gray = false;
                        break;
                    }
                }
            }
        });
        return gray;
    }

    private static void WritePixels(Image<Rgb24> image, int channels, Span<float> target)
    {
        var plane = image.Width * image.Height;
        var data = new Rgb24[plane];
        image.CopyPixelDataTo(data);
        for (var i = 0; i < plane; i++)
        {
            var p = data[i];
            if (channels == 1)
            {
                // ITU-R BT.601 luma, the weights ImageSharp and PIL use for grayscale conversion.
                target[i] = ((0.299f * p.R) + (0.587f * p.G) + (0.114f * p.B)) / 255f;
            }
            else
            {
                target[i] = p.R / 255f;
                target[plane + i] = p.G / 255f;
                target[(2 * plane) + i] = p.B / 255f;
            }
        }
    }
}
