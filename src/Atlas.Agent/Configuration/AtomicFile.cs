using Atlas.Engine.Storage;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Writes a file so that a reader (or a restart after a crash) sees either the old content or the new, never a
/// torn mix: <see cref="DurableFile"/> (temporary file in the same folder, fsync, rename, folder fsync).
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content) => DurableFile.Write(path, content);
}
