using System.Globalization;
using System.Text.RegularExpressions;

namespace Atlas.Engine.Data;

/// <summary>
/// A data source written as one string, so every command takes data the same way:
/// <c>idx:images[,labels]</c>, <c>npy:images[,labels]</c>, <c>folder:root[,gray|rgb][,WxH]</c>,
/// <c>fashion-mnist:train</c>, <c>fashion-mnist:test</c>, or a bare path recognised by content.
/// Any spec may end in a Python-style range, <c>[start:end]</c>, e.g. <c>fashion-mnist:train[30000:55000]</c>.
/// </summary>
public sealed partial class DataSpec
{
    private static readonly Dictionary<string, DataSourceKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["idx"] = DataSourceKind.Idx,
        ["npy"] = DataSourceKind.Npy,
        ["folder"] = DataSourceKind.Folder,
        ["fashion-mnist"] = DataSourceKind.FashionMnist,
    };

    private DataSpec(string text, DataSourceKind kind, IReadOnlyList<string> paths, int? channels, (int Width, int Height)? size,
        int? rangeStart, int? rangeEnd)
    {
        Text = text;
        Kind = kind;
        Paths = paths;
        Channels = channels;
        Size = size;
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
    }

    /// <summary>The spec as written.</summary>
    public string Text { get; }

    /// <summary>The source kind.</summary>
    public DataSourceKind Kind { get; }

    /// <summary>Images file then optional labels file (IDX, NumPy), the root (folder, bare path) or the split (Fashion-MNIST).</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Image folders only: 1 (<c>gray</c>) or 3 (<c>rgb</c>); null decides from the first image.</summary>
    public int? Channels { get; }

    /// <summary>Image folders only: the size every image is resized to; null takes the first image's size.</summary>
    public (int Width, int Height)? Size { get; }

    /// <summary>First image of the range (negative counts from the end); null means 0.</summary>
    public int? RangeStart { get; }

    /// <summary>End of the range, exclusive (negative counts from the end); null means the last image.</summary>
    public int? RangeEnd { get; }

    /// <summary>Parses a spec; a <see cref="DataFormatException"/> names the spec and lists the known kinds.</summary>
    public static DataSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.Length == 0)
        {
            throw new DataFormatException("Data spec is empty. " + Usage);
        }
        int? rangeStart = null, rangeEnd = null;
        var range = RangePattern().Match(body);
        if (range.Success)
        {
            body = range.Groups["body"].Value;
            rangeStart = ParseIndex(text, range.Groups["start"].Value);
            rangeEnd = ParseIndex(text, range.Groups["end"].Value);
        }
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Kinds.TryGetValue(body[..colon], out var kind))
        {
            // A bare path; a drive letter (C:\data) or an unknown prefix is part of the path, not a kind.
            return new DataSpec(text, DataSourceKind.Auto, [body], null, null, rangeStart, rangeEnd);
        }
        var parts = body[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
        {
            throw new DataFormatException($"Data spec '{text}' has an empty item. " + Usage);
        }
        return kind switch
        {
            DataSourceKind.Idx or DataSourceKind.Npy when parts.Length is 1 or 2 =>
                new DataSpec(text, kind, parts, null, null, rangeStart, rangeEnd),
            DataSourceKind.Idx or DataSourceKind.Npy =>
                throw new DataFormatException($"Data spec '{text}' needs an images file and at most one labels file. " + Usage),
            DataSourceKind.FashionMnist when parts is ["train" or "test"] =>
                new DataSpec(text, kind, parts, null, null, rangeStart, rangeEnd),
            DataSourceKind.FashionMnist =>
                throw new DataFormatException($"Data spec '{text}': Fashion-MNIST split must be 'train' or 'test'."),
            _ => ParseFolder(text, parts, rangeStart, rangeEnd),
        };
    }

    /// <summary>Reads the data the spec names, applies its range, and returns it as one dataset.</summary>
    public ImageDataset Load()
    {
        var data = DataLoader.Load(this);
        return ApplyRange(data);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private const string Usage =
        "Known forms: idx:<images>[,<labels>], npy:<images>[,<labels>], folder:<root>[,gray|rgb][,<W>x<H>], " +
        "fashion-mnist:train, fashion-mnist:test, or a bare path; any may end in [start:end].";

    private ImageDataset ApplyRange(ImageDataset data)
    {
        if (RangeStart is null && RangeEnd is null)
        {
            return data;
        }
        var start = Resolve(RangeStart ?? 0, data.Count);
        var end = Resolve(RangeEnd ?? data.Count, data.Count);
        if (start < 0 || end > data.Count || start > end)
        {
            throw new DataFormatException(
                $"Data spec '{Text}': range [{RangeStart}:{RangeEnd}] does not fit the {data.Count} images of the source.");
        }
        return data.Slice(start, end - start);
    }

    private static int Resolve(int index, int count) => index < 0 ? count + index : index;

    private static int? ParseIndex(string text, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            throw new DataFormatException($"Data spec '{text}': range bound '{value}' is not an integer.");
        }
        return index;
    }

    private static DataSpec ParseFolder(string text, string[] parts, int? rangeStart, int? rangeEnd)
    {
        int? channels = null;
        (int, int)? size = null;
        foreach (var option in parts.Skip(1))
        {
            var lower = option.ToLowerInvariant();
            if (lower is "gray" or "grey" or "grayscale" or "l")
            {
                channels = 1;
            }
            else if (lower is "rgb" or "color" or "colour")
            {
                channels = 3;
            }
            else if (SizePattern().Match(lower) is { Success: true } m
                && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var w) && w > 0
                && int.TryParse(m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value, CultureInfo.InvariantCulture, out var h) && h > 0)
            {
                size = (w, h);
            }
            else
            {
                throw new DataFormatException(
                    $"Data spec '{text}': folder option '{option}' is unknown; use gray, rgb, or a size such as 32x32.");
            }
        }
        return new DataSpec(text, DataSourceKind.Folder, [parts[0]], channels, size, rangeStart, rangeEnd);
    }

    [GeneratedRegex(@"^(?<body>.*)\[(?<start>[^\[\]:]*):(?<end>[^\[\]:]*)\]$", RegexOptions.Singleline)]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^(\d+)(?:x(\d+))?$")]
    private static partial Regex SizePattern();
}
