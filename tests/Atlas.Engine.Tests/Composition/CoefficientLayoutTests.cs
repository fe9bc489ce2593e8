using Atlas.Engine.Composition;

namespace Atlas.Engine.Tests.Composition;

public sealed class CoefficientLayoutTests
{
    private static readonly ComposableBlock[] Blocks = [new("a.weight", [5, 3]), new("a.bias", [5]), new("b.weight", [2, 4])];

    [Fact]
    public void Global_HasOneGroupCoveringEveryBlock()
    {
        var layout = CoefficientLayout.Create(Granularity.Parse("global"), Blocks);
        var group = Assert.Single(layout.Groups);
        Assert.Equal(3, group.Slices.Count);
    }

    [Fact]
    public void Layer_GroupsByLayerKey()
    {
        var layout = CoefficientLayout.Create(Granularity.Parse("layer"), Blocks, n => n.Split('.')[0]);
        Assert.Equal(["layer:a", "layer:b"], layout.Groups.Select(g => g.Name));
    }

    [Fact]
    public void BlockK_SplitsRowsIntoContiguousChunks_AndCapsAtRowCount()
    {
        var layout = CoefficientLayout.Create(Granularity.Parse("block:3"), Blocks);
        var a = layout.Groups.Where(g => g.Name.StartsWith("a.weight#", StringComparison.Ordinal)).Select(g => g.Slices.Single()).ToArray();
        Assert.Equal([(0L, 1L), (1L, 3L), (3L, 5L)], a.Select(s => (s.RowStart, s.RowEnd)));
        // b.weight has 2 rows: 2 chunks, not 3.
        Assert.Equal(2, layout.Groups.Count(g => g.Name.StartsWith("b.weight#", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("block:0")]
    [InlineData("blocks")]
    [InlineData("block:x")]
    public void Parse_Invalid_ListsTheChoices(string text)
    {
        var error = Assert.Throws<FormatException>(() => Granularity.Parse(text));
        Assert.Contains("block:K", error.Message, StringComparison.Ordinal);
    }
}
