namespace Atlas.Engine.Data;

/// <summary>Loads the files a <see cref="DataSpec"/> names, recognising each file by its content.</summary>
internal static class DataLoader
{
    public static ImageDataset Load(DataSpec spec) => spec.Kind switch
    {
        DataSourceKind.Folder => ImageFolderReader.Read(spec.Paths[0], spec.Channels, spec.Size),
        DataSourceKind.FashionMnist => LoadFashionMnist(spec.Paths[0]),
        DataSourceKind.Auto when Directory.Exists(spec.Paths[0]) => ImageFolderReader.Read(spec.Paths[0], null, null),
        _ => LoadArrays(spec.Kind, spec.Paths[0], spec.Paths.Count > 1 ? spec.Paths[1] : null, classNames: null),
    };

    private static ImageDataset LoadFashionMnist(string split)
    {
        var (images, labels) = FashionMnist.Files(split);
        return LoadArrays(DataSourceKind.Idx, images, labels, FashionMnist.ClassNames);
    }

    private static ImageDataset LoadArrays(DataSourceKind kind, string imagesPath, string? labelsPath, IReadOnlyList<string>? classNames)
    {
        var (pixels, count, channels, height, width) = ArrayConverter.ToImages(ReadArray(kind, imagesPath));
        int[]? labels = null;
        if (labelsPath is not null)
        {
            labels = ArrayConverter.ToLabels(ReadArray(kind, labelsPath));
            if (labels.Length != count)
            {
                throw new DataFormatException(
                    $"Count mismatch: images file '{imagesPath}' holds {count} images, labels file '{labelsPath}' holds {labels.Length} labels.");
            }
            if (classNames is not null && labels.FirstOrDefault(l => l >= classNames.Count, -1) is var bad and >= 0)
            {
                throw new DataFormatException($"Labels file '{labelsPath}': label {bad} is outside the {classNames.Count} classes.");
            }
        }
        return new ImageDataset(pixels, channels, height, width, labels, classNames?.Count ?? 0, classNames);
    }

    /// <summary>Reads one array file, deciding between NumPy and IDX by the bytes (after gzip inflation), not the name.</summary>
    private static RawArray ReadArray(DataSourceKind kind, string path)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException($"Data file '{path}' does not exist.");
        }
        var bytes = FileBytes.Read(path);
        var isNpy = NpyParser.LooksLikeNpy(bytes);
        var isIdx = !isNpy && IdxParser.LooksLikeIdx(bytes);
        return kind switch
        {
            DataSourceKind.Npy when isIdx => throw new DataFormatException(
                $"Data file '{path}' was given as npy: but holds IDX data (magic 00 00 {bytes[2]:x2} {bytes[3]:x2}); use idx: or a bare path."),
            DataSourceKind.Idx when isNpy => throw new DataFormatException(
                $"Data file '{path}' was given as idx: but holds NumPy data (magic \\x93NUMPY); use npy: or a bare path."),
            DataSourceKind.Npy => NpyParser.Parse(path, bytes),
            DataSourceKind.Auto when !isNpy && !isIdx => throw new DataFormatException(
                $"Data file '{path}' is neither a NumPy .npy file nor an IDX file (first bytes {Hex(bytes)}), gzip-compressed or not."),
            _ when isNpy => NpyParser.Parse(path, bytes),
            _ => IdxParser.Parse(path, bytes),
        };
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 8));
}
