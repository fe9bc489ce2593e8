using Atlas.Engine.Data;

namespace Atlas.Engine.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Images(int count) =>
        TestFiles.Idx(0x08, [count, 2, 3], Enumerable.Range(0, count * 6).Select(i => (byte)(i * 10)).ToArray());

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void UInt8ImagesAndInt32Labels_LoadScaledToUnitRange()
    {
        var images = Write("images", Images(4));
        var labels = Write("labels", TestFiles.IdxInt32Labels([3, 0, 2, 1]));
        var data = DataSpec.Parse($"idx:{images},{labels}").Load();
        Assert.Equal((4, 1, 2, 3), (data.Count, data.Channels, data.Height, data.Width));
        Assert.Equal(50 / 255f, data.Pixels.Span[5], 6);
        Assert.Equal([3, 0, 2, 1], data.Labels!);
        Assert.Equal(4, data.ClassCount);
    }

    [Fact]
    public void GzipFileWithoutGzName_IsRecognisedByContent()
    {
        var images = Write("images.bin", TestFiles.Gzip(Images(3)));
        var data = DataSpec.Parse(images).Load();
        Assert.Equal(3, data.Count);
        Assert.False(data.HasLabels);
        Assert.Equal(10 / 255f, data.Pixels.Span[1], 6);
    }

    [Fact]
    public void TruncatedData_NamesFileAndByteCounts()
    {
        var bytes = Images(4);
        var path = Write("short-images", bytes[..^5]);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{path}").Load());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated data", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 24 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedHeader_NamesFile()
    {
        var path = Write("header-only", Images(4)[..9]);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{path}").Load());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadMagic_NamesFileAndOffset()
    {
        var bytes = Images(2);
        bytes[1] = 0x42;
        var path = Write("bad-magic", bytes);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{path}").Load());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("bad magic number at offset 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTypeCode_IsReported()
    {
        var bytes = Images(2);
        bytes[2] = 0x07;
        var path = Write("bad-type", bytes);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{path}").Load());
        Assert.Contains("element type code 0x07", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelCountMismatch_NamesBothFilesAndCounts()
    {
        var images = Write("images", Images(4));
        var labels = Write("labels", TestFiles.Idx(0x08, [3], [1, 2, 3]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{images},{labels}").Load());
        Assert.Contains(images, error.Message, StringComparison.Ordinal);
        Assert.Contains(labels, error.Message, StringComparison.Ordinal);
        Assert.Contains("4 images", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedGzip_NamesFileAndGzip()
    {
        var real = Path.Combine(FashionMnistFolder(), "t10k-labels-idx1-ubyte.gz");
        var bytes = File.ReadAllBytes(real);
        var path = Write("t10k-labels-idx1-ubyte.gz", bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{path}").Load());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("gzip stream", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpyContentGivenAsIdx_IsReportedAsAKindMismatch()
    {
        var path = Write("x.idx", TestFiles.Npy("|u1", [1, 2, 2], [1, 2, 3, 4]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{path}").Load());
        Assert.Contains("holds NumPy data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsReportedByName()
    {
        var path = _dir.File("nope.gz");
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"idx:{path}").Load());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static string FashionMnistFolder() =>
        Environment.GetEnvironmentVariable("ATLAS_FASHION_MNIST") is { Length: > 0 } folder ? folder : "/usr/share/datasets/fashion-mnist";
}
