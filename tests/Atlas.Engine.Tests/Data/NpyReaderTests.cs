using Atlas.Engine.Data;

namespace Atlas.Engine.Tests.Data;

public sealed class NpyReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void UInt8ThreeDimensionalWithUInt8Labels_LoadsAsOneChannel()
    {
        var x = Write("x.npy", TestFiles.Npy("|u1", [3, 2, 2], [0, 51, 102, 255, 1, 2, 3, 4, 5, 6, 7, 8]));
        var y = Write("y.npy", TestFiles.Npy("|u1", [3], [2, 0, 1]));
        var data = DataSpec.Parse($"npy:{x},{y}").Load();
        Assert.Equal((3, 1, 2, 2), (data.Count, data.Channels, data.Height, data.Width));
        Assert.Equal([0f, 0.2f, 0.4f, 1f], data.Pixels.Span[..4].ToArray());
        Assert.Equal([2, 0, 1], data.Labels!);
    }

    [Fact]
    public void Float32FourDimensionalWithInt32Labels_KeepsValuesAndChannels()
    {
        var values = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => i / 24f).ToArray();
        var x = Write("x.npy", TestFiles.Npy("<f4", [2, 3, 2, 2], TestFiles.LittleEndianFloats(values)));
        var y = Write("y.npy", TestFiles.Npy("<i4", [2], TestFiles.LittleEndianInt32([7, 4])));
        var data = DataSpec.Parse($"npy:{x},{y}").Load();
        Assert.Equal((2, 3, 2, 2), (data.Count, data.Channels, data.Height, data.Width));
        Assert.Equal(values, data.Pixels.ToArray());
        Assert.Equal([7, 4], data.Labels!);
        Assert.Equal(8, data.ClassCount);
    }

    [Fact]
    public void Int64Labels_AreRead()
    {
        var x = Write("x.npy", TestFiles.Npy("|u1", [2, 1, 1, 1], [10, 20]));
        var y = Write("y.npy", TestFiles.Npy("<i8", [2], TestFiles.LittleEndianInt64([1, 5])));
        var data = DataSpec.Parse($"npy:{x},{y}").Load();
        Assert.Equal([1, 5], data.Labels!);
    }

    [Fact]
    public void BarePathAndGzip_AreRecognisedByContent()
    {
        var x = Write("images.data", TestFiles.Gzip(TestFiles.Npy("|u1", [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])));
        var data = DataSpec.Parse(x + "[1:]").Load();
        Assert.Equal(1, data.Count);
        Assert.Equal(5 / 255f, data.Pixels.Span[0], 6);
    }

    [Fact]
    public void BadHeader_NamesFileAndMissingField()
    {
        var x = Write("x.npy", TestFiles.NpyWithHeader("{'descr': '|u1', 'fortran_order': False}", [1, 2, 3, 4]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains(x, error.Message, StringComparison.Ordinal);
        Assert.Contains("no 'shape' tuple", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadMagic_NamesFileAndOffset()
    {
        var bytes = TestFiles.Npy("|u1", [1, 2, 2], [1, 2, 3, 4]);
        bytes[1] = (byte)'X';
        var x = Write("x.npy", bytes);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains(x, error.Message, StringComparison.Ordinal);
        Assert.Contains("bad magic string at offset 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderLengthPastEndOfFile_IsTruncatedHeader()
    {
        var bytes = TestFiles.Npy("|u1", [1, 2, 2], [1, 2, 3, 4]);
        var x = Write("x.npy", bytes[..40]);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains(x, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedDtype_NamesTheDtype()
    {
        var x = Write("x.npy", TestFiles.Npy("<c8", [1, 1, 1], new byte[8]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains(x, error.Message, StringComparison.Ordinal);
        Assert.Contains("unsupported dtype '<c8'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(">")]
    public void EmptyDtype_IsAnUnsupportedDtype(string descr)
    {
        var x = Write("x.npy", TestFiles.Npy(descr, [1, 1, 1], new byte[8]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains($"unsupported dtype '{descr}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float64Images_AreRejectedAsImages()
    {
        var x = Write("x.npy", TestFiles.Npy("<f8", [1, 1, 1], new byte[8]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains("images must be uint8 or float32, found Float64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FloatLabels_AreRejected()
    {
        var x = Write("x.npy", TestFiles.Npy("|u1", [1, 1, 1], [1]));
        var y = Write("y.npy", TestFiles.Npy("<f4", [1], TestFiles.LittleEndianFloats([1f])));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x},{y}").Load());
        Assert.Contains(y, error.Message, StringComparison.Ordinal);
        Assert.Contains("labels must be uint8, int32 or int64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BigEndianDtype_IsRejected()
    {
        var x = Write("x.npy", TestFiles.Npy(">f4", [1, 1, 1], new byte[4]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains("big-endian dtype '>f4'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FortranOrder_IsRejected()
    {
        var x = Write("x.npy", TestFiles.Npy("|u1", [1, 2, 2], [1, 2, 3, 4], fortranOrder: true));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains(x, error.Message, StringComparison.Ordinal);
        Assert.Contains("'fortran_order' is True", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FloatOutsideUnitRange_IsRejectedWithTheValue()
    {
        var x = Write("x.npy", TestFiles.Npy("<f4", [1, 1, 2], TestFiles.LittleEndianFloats([0.5f, 255f])));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains("value 255 at element 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedData_IsReported()
    {
        var bytes = TestFiles.Npy("|u1", [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        var x = Write("x.npy", bytes[..^3]);
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x}").Load());
        Assert.Contains("truncated data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelCountMismatch_IsReported()
    {
        var x = Write("x.npy", TestFiles.Npy("|u1", [2, 1, 1], [1, 2]));
        var y = Write("y.npy", TestFiles.Npy("|u1", [3], [0, 1, 2]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{x},{y}").Load());
        Assert.Contains("Count mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(y, error.Message, StringComparison.Ordinal);
    }
}
