namespace Atlas.Engine.Data;

/// <summary>
/// Finds the Fashion-MNIST IDX files: the folder in <c>ATLAS_FASHION_MNIST</c> when set, otherwise
/// <c>/usr/share/datasets/fashion-mnist</c> (Debian package <c>dataset-fashion-mnist</c>).
/// </summary>
internal static class FashionMnist
{
    public const string EnvironmentVariable = "ATLAS_FASHION_MNIST";
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The ten class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static string Folder
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(configured) ? DefaultFolder : configured;
        }
    }

    /// <summary>The image and label files of <paramref name="split"/> (<c>train</c> or <c>test</c>), gzip or plain.</summary>
    public static (string Images, string Labels) Files(string split)
    {
        var prefix = split switch
        {
            "train" => "train",
            "test" => "t10k",
            _ => throw new DataFormatException($"Fashion-MNIST split '{split}' is unknown; use 'train' or 'test'."),
        };
        return (Find($"{prefix}-images-idx3-ubyte"), Find($"{prefix}-labels-idx1-ubyte"));
    }

    private static string Find(string name)
    {
        var folder = Folder;
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new DataFormatException(
            $"Fashion-MNIST file '{name}[.gz]' not found in '{folder}'. Install the Debian package dataset-fashion-mnist " +
            $"or set {EnvironmentVariable} to a folder holding the IDX files.");
    }
}
