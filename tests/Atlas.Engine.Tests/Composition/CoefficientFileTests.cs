using Atlas.Engine.Composition;
using TorchSharp;

namespace Atlas.Engine.Tests.Composition;

public sealed class CoefficientFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-coef-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TaskVectorComposer Composer(string granularity = "block")
    {
        ComposableBlock[] blocks = [new("w", [4, 2]), new("b", [4])];
        var theta0 = blocks.ToDictionary(b => b.Name, b => torch.zeros(b.Shape));
        var tvs = new[] { "fog", "dark" }.Select(n => new TaskVector(n, blocks.ToDictionary(b => b.Name, b => torch.ones(b.Shape)))).ToArray();
        return new TaskVectorComposer(CoefficientLayout.Create(Granularity.Parse(granularity), blocks), theta0, tvs);
    }

    [Fact]
    public void WriteRead_RoundTripsValuesAndManifest()
    {
        using var composer = Composer("block:2");
        var set = CoefficientSet.Zero("sha256:abc", composer) with
        {
            Values = [[0.5f, -0.25f, 1e-7f, 3f], [0f, 0.125f, -2f, 0.3f]],
        };
        var path = Path.Combine(_folder, "c.json");
        CoefficientFile.Write(path, set);
        var read = CoefficientFile.Read(path);

        Assert.Equal(set.BankHash, read.BankHash);
        Assert.Equal(set.Granularity, read.Granularity);
        Assert.Equal(set.TaskVectors, read.TaskVectors);
        Assert.Equal(set.Groups, read.Groups);
        Assert.Equal(set.Values, read.AlignTo("sha256:abc", composer));
        Assert.Contains("\"w#1\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void AlignTo_OtherBankOrGranularity_ListsEveryMismatch()
    {
        using var blockComposer = Composer("block");
        var set = CoefficientSet.Zero("sha256:abc", blockComposer);
        using var partitioned = Composer("block:2");
        var error = Assert.Throws<CompositionException>(() => set.AlignTo("sha256:other", partitioned));
        Assert.Contains("sha256:other", error.Message, StringComparison.Ordinal);
        Assert.Contains("granularity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AlignTo_ReordersRowsByTaskVectorName()
    {
        using var composer = Composer();
        var set = new CoefficientSet("h", Granularity.Block, ["dark", "fog"], ["w", "b"], [[1f, 2f], [3f, 4f]]);
        Assert.Equal([[3f, 4f], [1f, 2f]], set.AlignTo("h", composer));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"format\":\"atlas.coefficients/1\",\"bankHash\":\"h\",\"granularity\":\"block\",\"taskVectors\":[\"fog\"],\"coefficients\":{\"fog\":{\"w\":\"x\"}}}")]
    [InlineData("{\"format\":\"other\"}")]
    [InlineData("{\"format\":\"atlas.coefficients/1\",\"bankHash\":\"h\",\"granularity\":\"block\",\"taskVectors\":[\"fog\"],\"coefficients\":{}}")]
    public void Read_Malformed_FailsNamingTheFile(string content)
    {
        var path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, content);
        var error = Assert.Throws<CompositionException>(() => CoefficientFile.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
