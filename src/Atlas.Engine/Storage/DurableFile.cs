namespace Atlas.Engine.Storage;

/// <summary>
/// Replaces a file so that a reader, or a restart after a crash or power loss, sees either the old content or the new,
/// never a torn mix: the bytes go to <c>&lt;target&gt;.tmp-&lt;pid&gt;</c> in the same folder, are flushed to the
/// device (fsync), the temporary file is renamed over the target (atomic on one file system), and the folder is
/// flushed so the rename itself survives power loss. A failure leaves the target untouched, removes the temporary
/// file where it can, and surfaces the operating system's error (<see cref="IOException"/>,
/// <see cref="UnauthorizedAccessException"/>) with the path it concerns.
/// </summary>
/// <remarks>
/// One writer per target per process: callers serialise writes to the same path (the temporary name holds only the
/// process id, so a leftover from a killed process is recognisable by <see cref="IsTemporary"/> and can be removed).
/// </remarks>
public static class DurableFile
{
    /// <summary>The infix of temporary file names: <c>&lt;target&gt;.tmp-&lt;pid&gt;</c>.</summary>
    public const string TemporaryInfix = ".tmp-";

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> durably and atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = TemporaryPathOf(full);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        DirectorySync.Flush(folder);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) durably and atomically.</summary>
    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The temporary file this process writes before renaming it over <paramref name="path"/>.</summary>
    public static string TemporaryPathOf(string path) => Path.GetFullPath(path) + TemporaryInfix + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="path"/> names a temporary file of an unfinished write (never a finished file).</summary>
    public static bool IsTemporary(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        var at = name.LastIndexOf(TemporaryInfix, StringComparison.Ordinal);
        return at > 0 && at + TemporaryInfix.Length < name.Length && name[(at + TemporaryInfix.Length)..].All(char.IsAsciiDigit);
    }

    /// <summary>
    /// Deletes the temporary files that unfinished writes (a killed process) left in <paramref name="folder"/> and returns
    /// their paths. Call it only where this process owns the folder.
    /// </summary>
    public static IReadOnlyList<string> RemoveLeftovers(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder)) return [];
        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFileSystemEntries(folder, "*" + TemporaryInfix + "*").Where(IsTemporary))
        {
            if (TryDelete(file)) removed.Add(file);
        }
        return removed;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
