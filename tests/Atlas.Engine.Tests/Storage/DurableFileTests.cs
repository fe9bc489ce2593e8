using System.Text;
using Atlas.Engine.Storage;
using Atlas.Engine.Tests.Data;

namespace Atlas.Engine.Tests.Storage;

public sealed class DurableFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_ReplacesTheContent_LeavesNoTemporaryFile()
    {
        var path = Path.Combine(_dir.Path, "nested", "state.json");
        DurableFile.WriteText(path, "first");
        DurableFile.WriteText(path, "second");

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void DiskFull_ThrowsTheOsErrorNamingTheFile_TargetKeepsItsContent()
    {
        var path = Path.Combine(_dir.Path, "state.json");
        DurableFile.WriteText(path, "accepted");
        // The write's temporary file is a link to /dev/full, whose every write fails with ENOSPC (root included).
        File.CreateSymbolicLink(DurableFile.TemporaryPathOf(path), "/dev/full");

        var error = Assert.ThrowsAny<IOException>(() => DurableFile.Write(path, Encoding.UTF8.GetBytes(new string('x', 10_000))));

        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("accepted", File.ReadAllText(path));
        Assert.False(Path.Exists(DurableFile.TemporaryPathOf(path)));
    }

    [Fact]
    public void FolderReplacedByFile_ThrowsNamingThePath()
    {
        var folder = Path.Combine(_dir.Path, "state");
        File.WriteAllText(folder, "a file where the folder should be");

        var error = Assert.ThrowsAny<IOException>(() => DurableFile.WriteText(Path.Combine(folder, "config.json"), "{}"));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoveLeftovers_DeletesOnlyTemporaryFilesOfUnfinishedWrites()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "accepted.json"), "{}");
        File.WriteAllText(Path.Combine(_dir.Path, "accepted.json.tmp-1234"), "{ half");
        File.WriteAllText(Path.Combine(_dir.Path, "notes.tmp-old"), "not ours");

        var removed = DurableFile.RemoveLeftovers(_dir.Path);

        Assert.Equal([Path.Combine(_dir.Path, "accepted.json.tmp-1234")], removed);
        Assert.Equal(["accepted.json", "notes.tmp-old"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
