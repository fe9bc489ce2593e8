using System.Security.Cryptography;

namespace Atlas.Engine.Bank;

/// <summary>
/// File-system conventions of a bank folder: where the manifest lives, how temporary files are named (so a crashed
/// write can be recognised and removed) and how files are hashed and replaced atomically.
/// </summary>
internal static class BankFolder
{
    public const string ManifestFileName = "bank.json";
    public const string TensorFileExtension = ".safetensors";

    /// <summary>Marker in every temporary file name; such files are never part of a bank.</summary>
    public const string TemporaryMarker = ".tmp-";

    public static string ManifestPath(string directory) => Path.Combine(directory, ManifestFileName);

    /// <summary>A fresh temporary name next to <paramref name="finalPath"/>.</summary>
    public static string TemporaryPathFor(string finalPath) => finalPath + TemporaryMarker + Guid.NewGuid().ToString("N");

    public static bool IsTemporary(string fileName) => fileName.Contains(TemporaryMarker, StringComparison.Ordinal);

    /// <summary>Temporary files a crashed write left behind.</summary>
    public static IReadOnlyList<string> FindTemporaryFiles(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory).Where(f => IsTemporary(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>Deletes the temporary files a crashed write left behind; returns their names.</summary>
    public static IReadOnlyList<string> RemoveTemporaryFiles(string directory)
    {
        var removed = new List<string>();
        foreach (var file in FindTemporaryFiles(directory))
        {
            File.Delete(file);
            removed.Add(Path.GetFileName(file));
        }
        return removed;
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string Sha256OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>True when <paramref name="fileName"/> is a plain file name (no folder part, no "..").</summary>
    public static bool IsPlainFileName(string fileName) =>
        !string.IsNullOrWhiteSpace(fileName) && fileName == Path.GetFileName(fileName) && fileName is not "." and not ".."
        && fileName.IndexOfAny(['/', '\\']) < 0;
}
