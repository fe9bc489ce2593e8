using Atlas.Agent.Demo;

namespace Atlas.Agent.Tests.Demo;

public sealed class CoefficientCellsTests
{
    [Fact]
    public void PlainCells_ShowSignAndShadeRelativeToTheLargestMagnitude_UnderLayerHeaders()
    {
        var grid = new CoefficientGrid("adapted-1", ["fog", "dark"], ["conv1.weight", "conv1.bias", "fc.weight"],
            [[1.0f, -0.5f, 0f], [0.25f, 0f, -1.0f]]);

        var lines = CoefficientCells.Render(grid, ansi: false);

        Assert.Equal("     c1  f ", lines[0]);
        Assert.Equal("fog  +█-▒ ·", lines[1]);
        Assert.Equal("dark +░ ·-█", lines[2]);
        Assert.Contains("max 1.000", lines[3], StringComparison.Ordinal);
    }
}
