using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Expand, Tile, Where and the comparisons against ONNX Runtime (relative 1e-4, exact for bools), with gradients.</summary>
public sealed class BroadcastKernelTests
{
    [Theory]
    [InlineData(new long[] { 3, 1 }, new long[] { 2, 1, 4 })]
    [InlineData(new long[] { 1, 4 }, new long[] { 3, 1 })]
    [InlineData(new long[] { 2, 3 }, new long[] { 1 })]
    [InlineData(new long[] { 1, 1, 3 }, new long[] { 5, -1 + 2, 3 })]
    public void Expand_BidirectionalBroadcast_MatchesOrt(long[] shape, long[] target)
    {
        OpCase.Check("Expand", shape, [("shape", target)]);
    }

    [Theory]
    [InlineData(new long[] { 2, 3 })]
    [InlineData(new long[] { 1, 1 })]
    [InlineData(new long[] { 3, 1 })]
    public void Tile_Repeats_MatchesOrt(long[] repeats)
    {
        OpCase.Check("Tile", [2, 3], [("repeats", repeats)]);
    }

    [Fact]
    public void Where_BroadcastsConditionAndBranches_MatchesOrtAndFiniteDifferences()
    {
        var condition = HostTensor.Bool([true, false, false, true], 4, 1);
        var (model, feeds) = ParityHarness.SingleOp("Where", [("c", [4, 1]), ("a", [4, 3]), ("b", [3])],
            feeds: new Dictionary<string, HostTensor> { ["c"] = condition });
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a", "b"]);
    }

    [Theory]
    [InlineData("Equal")]
    [InlineData("Greater")]
    [InlineData("Less")]
    public void Comparison_FloatWithBroadcast_MatchesOrt(string op)
    {
        // Values on a coarse grid so that Equal has true cases.
        var a = HostTensor.Float([0, 1, 2, 1, 0, 2], 2, 3);
        var b = HostTensor.Float([1, 0, 2], 3);
        var (model, feeds) = ParityHarness.SingleOp(op, [("a", [2, 3]), ("b", [3])], outputType: OnnxElementType.Bool,
            feeds: new Dictionary<string, HostTensor> { ["a"] = a, ["b"] = b });
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Theory]
    [InlineData("Equal")]
    [InlineData("Greater")]
    [InlineData("Less")]
    public void Comparison_Int64_MatchesOrt(string op)
    {
        var (model, feeds) = ParityHarness.SingleOp(op, [("a", [4]), ("b", [1])], outputType: OnnxElementType.Bool,
            feeds: new Dictionary<string, HostTensor> { ["a"] = HostTensor.Int64([-1, 3, 5, 3], 4), ["b"] = HostTensor.Int64([3], 1) });
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void Not_InvertsBools_MatchesOrt()
    {
        var (model, feeds) = ParityHarness.SingleOp("Not", [("a", [2, 2])], outputType: OnnxElementType.Bool,
            feeds: new Dictionary<string, HostTensor> { ["a"] = HostTensor.Bool([true, false, false, true], 2, 2) });
        ParityHarness.AssertMatchesOrt(model, feeds);
    }
}
