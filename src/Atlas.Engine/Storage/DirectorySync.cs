using System.Runtime.InteropServices;

namespace Atlas.Engine.Storage;

/// <summary>
/// Flushes a folder's entries (a rename into it) to the device. .NET has no API for it: on Linux and macOS the folder is
/// opened read-only and fsync'ed through libc. On Windows nothing is done: NTFS journals the rename and writes it with
/// its next log flush, so a power loss just after may undo the rename (the old file stays in force) but never tears a file.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY

    /// <summary>Flushes <paramref name="folder"/>; throws an <see cref="IOException"/> naming it when the device reports an error.</summary>
    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        int descriptor = Open(folder, ReadOnly);
        if (descriptor < 0) return; // A folder we may not open (e.g. no read permission) cannot be synced; the rename stands.
        try
        {
            if (Fsync(descriptor) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // EINVAL/ENOTSUP: the file system does not sync folders (e.g. some network mounts); nothing more to do.
                if (errno is not (22 or 95 or 45)) throw new IOException($"Flushing folder '{folder}' to disk failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
