using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Einsum against ONNX Runtime (relative 1e-4) with float64 gradient checks.</summary>
public sealed class EinsumKernelTests
{
    [Theory]
    [InlineData("bij,bjk->bik", new long[] { 2, 3, 4 }, new long[] { 2, 4, 5 })]
    [InlineData("ij,kj->ik", new long[] { 3, 4 }, new long[] { 5, 4 })]
    [InlineData("bhqd, bhkd -> bhqk", new long[] { 1, 2, 3, 4 }, new long[] { 1, 2, 5, 4 })]
    [InlineData("...ij,...jk", new long[] { 2, 3, 4 }, new long[] { 2, 4, 2 })]
    [InlineData("i,i->", new long[] { 6 }, new long[] { 6 })]
    public void Einsum_TwoOperands_MatchesOrtAndFiniteDifferences(string equation, long[] a, long[] b)
    {
        var (model, feeds) = ParityHarness.SingleOp("Einsum", [("a", a), ("b", b)], [OnnxAttributes.String("equation", equation)], opset: 12);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a", "b"]);
    }

    [Theory]
    [InlineData("ij->ji")]
    [InlineData("ii->i")]
    [InlineData("ij->")]
    public void Einsum_OneOperand_MatchesOrt(string equation)
    {
        var (model, feeds) = ParityHarness.SingleOp("Einsum", [("a", [4, 4])], [OnnxAttributes.String("equation", equation)], opset: 12);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a"]);
    }
}
