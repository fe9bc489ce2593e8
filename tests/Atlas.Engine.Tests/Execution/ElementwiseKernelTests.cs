using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

public sealed class ElementwiseKernelTests
{
    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Mul")]
    [InlineData("Div")]
    public void Binary_WithBroadcasting_MatchesOrtAndFiniteDifferences(string op)
    {
        var (model, feeds) = ParityHarness.SingleOp(op, [("a", [2, 3, 4]), ("b", [3, 1])]);
        if (op == "Div") feeds["b"] = HostTensor.Random(5, [3, 1], 0.5f, 2f);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a", "b"]);
    }

    [Theory]
    [InlineData("Relu")]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Neg")]
    [InlineData("Abs")]
    [InlineData("Exp")]
    [InlineData("Erf")]
    [InlineData("HardSwish")]
    [InlineData("Identity")]
    public void Unary_OnSignedInput_MatchesOrtAndFiniteDifferences(string op)
    {
        var (model, feeds) = ParityHarness.SingleOp(op, [("x", [2, 3, 5])], opset: 17);
        feeds["x"] = HostTensor.Random(3, [2, 3, 5], -3f, 3f);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Theory]
    [InlineData("Sqrt")]
    [InlineData("Log")]
    [InlineData("Reciprocal")]
    public void Unary_OnPositiveInput_MatchesOrtAndFiniteDifferences(string op)
    {
        var (model, feeds) = ParityHarness.SingleOp(op, [("x", [4, 6])]);
        feeds["x"] = HostTensor.Random(3, [4, 6], 0.2f, 3f);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Fact]
    public void MatMul_BatchedWithBroadcasting_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("MatMul", [("a", [2, 1, 3, 4]), ("b", [3, 4, 5])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a", "b"]);
    }

    [Theory]
    [InlineData(0, 0, 1f, 1f, true)]
    [InlineData(1, 0, 0.5f, 2f, true)]
    [InlineData(0, 1, 1.5f, 0.25f, true)]
    [InlineData(1, 1, -1f, 1f, false)]
    public void Gemm_AttributeVariants_MatchOrtAndFiniteDifferences(long transA, long transB, float alpha, float beta, bool withC)
    {
        long[] a = transA == 1 ? [4, 3] : [3, 4];
        long[] b = transB == 1 ? [5, 4] : [4, 5];
        var (model, feeds) = ParityHarness.SingleOp("Gemm", [("a", a)],
            [OnnxAttributes.Int("transA", transA), OnnxAttributes.Int("transB", transB), OnnxAttributes.Float("alpha", alpha), OnnxAttributes.Float("beta", beta)],
            initializers: withC ? [("w", b), ("c", [5])] : [("w", b)]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, withC ? ["a", "w", "c"] : ["a", "w"]);
    }

    [Fact]
    public void Flatten_NegativeAxis_MatchesOrt()
    {
        var (model, feeds) = ParityHarness.SingleOp("Flatten", [("x", [2, 3, 4, 5])], [OnnxAttributes.Int("axis", -2)]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Fact]
    public void Pow_PositiveBaseBroadcastExponent_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("Pow", [("a", [2, 3, 4]), ("b", [4])]);
        feeds["a"] = HostTensor.Random(6, [2, 3, 4], 0.3f, 2f);
        feeds["b"] = HostTensor.Random(7, [4], -2f, 3f);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a", "b"]);
    }

    [Fact]
    public void Div_Int64_TruncatesTowardZeroLikeOrt()
    {
        var values = new Dictionary<string, HostTensor>
        {
            ["a"] = HostTensor.Int64([7, -7, 9, -9, 0, 5], 6),
            ["b"] = HostTensor.Int64([2, 2, -4, -4, 3, -5], 6),
        };
        var (model, feeds) = ParityHarness.SingleOp("Div", [("a", [6]), ("b", [6])], feeds: values, outputType: OnnxElementType.Int64);
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void MatMul_OneDimensionalOperands_MatchOrtAndFiniteDifferences()
    {
        var (left, leftFeeds) = ParityHarness.SingleOp("MatMul", [("a", [4]), ("b", [2, 4, 3])]);
        ParityHarness.AssertMatchesOrt(left, leftFeeds);
        GradientChecker.AssertGradientsMatch(left, leftFeeds, ["a", "b"]);
        var (right, rightFeeds) = ParityHarness.SingleOp("MatMul", [("a", [2, 3, 4]), ("b", [4])]);
        ParityHarness.AssertMatchesOrt(right, rightFeeds);
    }

    [Fact]
    public void Gemm_ColumnBiasBroadcastAcrossColumns_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("Gemm", [("a", [3, 4])], [OnnxAttributes.Float("beta", 0.5f)],
            initializers: [("w", [4, 5]), ("c", [3, 1])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a", "w", "c"]);
    }
}
