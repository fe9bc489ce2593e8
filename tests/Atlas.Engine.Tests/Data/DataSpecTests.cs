using Atlas.Engine.Data;

namespace Atlas.Engine.Tests.Data;

public class DataSpecTests
{
    [Fact]
    public void IdxWithLabels_ParsesBothPaths()
    {
        var spec = DataSpec.Parse("idx:/d/images.gz,/d/labels.gz");
        Assert.Equal(DataSourceKind.Idx, spec.Kind);
        Assert.Equal(["/d/images.gz", "/d/labels.gz"], spec.Paths);
        Assert.Null(spec.RangeStart);
        Assert.Null(spec.RangeEnd);
    }

    [Fact]
    public void FashionMnistWithRange_ParsesSplitAndBounds()
    {
        var spec = DataSpec.Parse("fashion-mnist:train[30000:55000]");
        Assert.Equal(DataSourceKind.FashionMnist, spec.Kind);
        Assert.Equal(["train"], spec.Paths);
        Assert.Equal(30000, spec.RangeStart);
        Assert.Equal(55000, spec.RangeEnd);
    }

    [Theory]
    [InlineData("npy:/x.npy[:100]", null, 100)]
    [InlineData("npy:/x.npy[10:]", 10, null)]
    [InlineData("npy:/x.npy[-50:-10]", -50, -10)]
    public void OpenAndNegativeRanges_Parse(string text, int? start, int? end)
    {
        var spec = DataSpec.Parse(text);
        Assert.Equal(["/x.npy"], spec.Paths);
        Assert.Equal((start, end), (spec.RangeStart, spec.RangeEnd));
    }

    [Fact]
    public void FolderOptions_ParseChannelsAndSize()
    {
        var spec = DataSpec.Parse("folder:/imgs,gray,32x24");
        Assert.Equal(DataSourceKind.Folder, spec.Kind);
        Assert.Equal(1, spec.Channels);
        Assert.Equal((32, 24), spec.Size);
    }

    [Theory]
    [InlineData("/data/x.npy")]
    [InlineData(@"C:\data\x.npy")]
    public void UnprefixedPath_IsAuto(string text)
    {
        var spec = DataSpec.Parse(text);
        Assert.Equal(DataSourceKind.Auto, spec.Kind);
        Assert.Equal([text], spec.Paths);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("fashion-mnist:validation", "split must be 'train' or 'test'")]
    [InlineData("idx:a,b,c", "at most one labels file")]
    [InlineData("npy:a,", "empty item")]
    [InlineData("folder:/x,sepia", "folder option 'sepia' is unknown")]
    [InlineData("npy:/x.npy[a:5]", "range bound 'a' is not an integer")]
    public void BadSpecs_FailWithTheReason(string text, string reason)
    {
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RangeBeyondTheData_FailsWithTheCount()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.npy");
        File.WriteAllBytes(path, TestFiles.Npy("|u1", [3, 1, 1], [1, 2, 3]));
        var error = Assert.Throws<DataFormatException>(() => DataSpec.Parse($"npy:{path}[1:5]").Load());
        Assert.Contains("does not fit the 3 images", error.Message, StringComparison.Ordinal);
    }
}
