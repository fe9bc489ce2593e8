using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Parity with ONNX Runtime (fp32, relative 1e-4) and float64 gradient checks for the shape-moving ops.</summary>
public sealed class ShapeKernelTests
{
    [Theory]
    [InlineData(new long[] { 0, -1 }, 0)]
    [InlineData(new long[] { 6, 4 }, 0)]
    [InlineData(new long[] { 2, 0, 2, -1 }, 0)]
    [InlineData(new long[] { -1 }, 1)]
    [InlineData(new long[] { 3, 2, 4 }, 1)]
    public void Reshape_ZeroMinusOneAndAllowZero_MatchOrt(long[] target, long allowZero)
    {
        OpCase.Check("Reshape", [2, 3, 4], [("shape", target)], [OnnxAttributes.Int("allowzero", allowZero)], opset: 14);
    }

    [Fact]
    public void Reshape_AllowZeroWithEmptyDimension_GivesEmptyTensor()
    {
        OpCase.Check("Reshape", [0, 3], [("shape", [3, 0])], [OnnxAttributes.Int("allowzero", 1)], opset: 14, gradient: false);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(new long[] { 0, 2, 1, 3 })]
    [InlineData(new long[] { 3, 1, 0, 2 })]
    public void Transpose_DefaultReverseAndExplicitPerm_MatchOrt(long[]? perm)
    {
        OpCase.Check("Transpose", [2, 3, 4, 2], attributes: perm is null ? [] : [OnnxAttributes.Ints("perm", perm)]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(0)]
    public void Concat_AlongAxis_MatchesOrt(long axis)
    {
        long[] a = [2, 3, 4], b = [2, 3, 4];
        int ax = (int)(axis < 0 ? axis + 3 : axis);
        b[ax] = 5;
        var (model, feeds) = ParityHarness.SingleOp("Concat", [("a", a), ("b", b), ("c", a)], [OnnxAttributes.Int("axis", axis)],
            nodeInputs: ["a", "b", "c"]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["a", "b"]);
    }

    [Fact]
    public void Split_SizesAsInput_MatchesOrt()
    {
        OpCase.Check("Split", [2, 7, 3], [("split", [2, 4, 1])], [OnnxAttributes.Int("axis", 1)], opset: 13, outputCount: 3);
    }

    [Fact]
    public void Split_EqualPartsWithoutSizes_MatchesOrt()
    {
        OpCase.Check("Split", [6, 4], attributes: [OnnxAttributes.Int("axis", -2)], opset: 13, outputCount: 3);
    }

    [Fact]
    public void Split_NumOutputsUneven_MatchesOrtAtOpset18()
    {
        OpCase.Check("Split", [2, 7], attributes: [OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("num_outputs", 3)], opset: 18, outputCount: 3);
    }

    [Fact]
    public void Split_SizesAsAttribute_MatchesOrtAtOpset11()
    {
        OpCase.Check("Split", [5, 2], attributes: [OnnxAttributes.Ints("split", 3, 2)], opset: 11, outputCount: 2);
    }

    public static TheoryData<long[], long[], long[]?, long[]?> SliceCases => new()
    {
        { [1, 0], [3, 4], null, null },
        { [-3, 1], [long.MaxValue, -1], [1, 2], null },
        { [0], [100], [-1], [2] },
        { [-1, 4], [long.MinValue, 0], [1, 2], [-1, -2] },
        { [5, -100], [1, 100], [2, 0], [-2, 3] },
        { [2], [2], [0], null },
    };

    [Theory]
    [MemberData(nameof(SliceCases))]
    public void Slice_NegativeClampedAndSteppedIndices_MatchOrt(long[] starts, long[] ends, long[]? axes, long[]? steps)
    {
        var ints = new List<(string, long[])> { ("starts", starts), ("ends", ends) };
        var inputs = new List<string> { "x", "starts", "ends" };
        if (axes is not null || steps is not null)
        {
            if (axes is not null) ints.Add(("axes", axes));
            inputs.Add(axes is null ? "" : "axes");
        }
        if (steps is not null)
        {
            ints.Add(("steps", steps));
            inputs.Add("steps");
        }
        OpCase.Check("Slice", [4, 6, 5], [.. ints], nodeInputs: [.. inputs]);
    }

    [Theory]
    [InlineData(0, new long[] { 2, 0, -1 })]
    [InlineData(1, new long[] { -2, 1, 1, 3 })]
    [InlineData(-1, new long[] { 0 })]
    public void Gather_VectorIndicesWithNegatives_MatchOrt(long axis, long[] indices)
    {
        OpCase.Check("Gather", [3, 4, 5], [("i", indices)], [OnnxAttributes.Int("axis", axis)]);
    }

    [Fact]
    public void Gather_MatrixIndices_MatchOrt()
    {
        var feeds = new Dictionary<string, HostTensor> { ["i"] = HostTensor.Int64([0, 2, -1, 1, 1, 0], 2, 3) };
        var (model, given) = ParityHarness.SingleOp("Gather", [("x", [4, 3])], [OnnxAttributes.Int("axis", 1)],
            initializers: [("i", [2, 3])], feeds: feeds);
        ParityHarness.AssertMatchesOrt(model, given);
        GradientChecker.AssertGradientsMatch(model, given, ["x"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Gather_ScalarIndexDropsTheAxis_MatchesOrt(long index)
    {
        var model = OpCase.WithScalarIndex("Gather", [2, 3, 4], index, [OnnxAttributes.Int("axis", 1)]);
        var feeds = new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(2, [2, 3, 4]) };
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Theory]
    [InlineData(new long[] { 0 })]
    [InlineData(new long[] { -1, 1 })]
    [InlineData(new long[] { 4, 0 })]
    public void Unsqueeze_AxesAsInput_MatchesOrt(long[] axes)
    {
        OpCase.Check("Unsqueeze", [2, 3, 4], [("axes", axes)], opset: 13);
    }

    [Fact]
    public void Unsqueeze_AxesAsAttribute_MatchesOrtAtOpset11()
    {
        OpCase.Check("Unsqueeze", [2, 3], attributes: [OnnxAttributes.Ints("axes", 0, -1)], opset: 11);
    }

    [Theory]
    [InlineData(new long[] { 2 })]
    [InlineData(new long[] { -1, 0 })]
    [InlineData(null)]
    public void Squeeze_AxesAsInputOrAll_MatchesOrt(long[]? axes)
    {
        OpCase.Check("Squeeze", [1, 3, 1, 1], axes is null ? [] : [("axes", axes)], opset: 13);
    }

    [Fact]
    public void Squeeze_EmptyAxesInput_SqueezesEveryUnitDimensionLikeOrt()
    {
        OpCase.Check("Squeeze", [1, 3, 1, 2], [("axes", [])], opset: 13);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1L, null)]
    [InlineData(-3L, -1L)]
    [InlineData(2L, 100L)]
    [InlineData(3L, 1L)]
    public void Shape_StartAndEnd_MatchOrtAtOpset15(long? start, long? end)
    {
        var attributes = new List<global::Onnx.AttributeProto>();
        if (start is { } s) attributes.Add(OnnxAttributes.Int("start", s));
        if (end is { } e) attributes.Add(OnnxAttributes.Int("end", e));
        OpCase.Check("Shape", [2, 3, 4, 5], attributes: [.. attributes], opset: 15, outputType: OnnxElementType.Int64, gradient: false);
    }

    [Fact]
    public void Size_CountsElements_MatchesOrt()
    {
        OpCase.Check("Size", [2, 3, 4], outputType: OnnxElementType.Int64, gradient: false);
    }
}
