using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>
/// The integer shape arithmetic of dynamic-batch exports (Shape → Gather → Unsqueeze → Concat → Reshape, shapes
/// through Cast/Div, Range, ConstantOfShape, Equal/Where, Expand) on one model fed with batch 1 and batch 3: int64
/// values must match ONNX Runtime exactly and stay int64, floats within relative 1e-4.
/// </summary>
public sealed class ShapeChainTests
{
    private static OnnxModel BuildDynamicModel()
    {
        var b = new OnnxGraphBuilder("shape_chain", 17);
        b.AddInput("x", OnnxElementType.Float, "batch", 3, 4, 4);
        string Ints(params long[] v) => b.AddNode("Constant", [], [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", v, v.Length))]);
        string Scalar(long v) => b.AddNode("Constant", [], [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", [v]))]);

        var shape = b.AddNode("Shape", ["x"]);
        var n = b.AddNode("Unsqueeze", [b.AddNode("Gather", [shape, Scalar(0)], [OnnxAttributes.Int("axis", 0)]), Ints(0)]);
        var hw = b.AddNode("Slice", [shape, Ints(2), Ints(long.MaxValue)]);
        var area = b.AddNode("Mul", [b.AddNode("Gather", [hw, Scalar(0)]), b.AddNode("Gather", [hw, Scalar(1)])]);
        var target = b.AddNode("Concat", [n, Ints(3), b.AddNode("Unsqueeze", [area, Ints(0)])], [OnnxAttributes.Int("axis", 0)], output: "target_shape");
        var flat = b.AddNode("Reshape", ["x", target]);

        // half = int64(float(area) / 2), the float round trip exporters produce for integer division.
        var half = b.AddNode("Cast", [b.AddNode("Div", [b.AddNode("Cast", [area], [OnnxAttributes.Int("to", (long)OnnxElementType.Float)]),
            b.AddNode("Constant", [], [OnnxAttributes.Float("value_float", 2f)])])], [OnnxAttributes.Int("to", (long)OnnxElementType.Int64)]);
        var picked = b.AddNode("Gather", [flat, b.AddNode("Range", [Scalar(0), half, Scalar(1)])], [OnnxAttributes.Int("axis", 2)]);

        // Expand a per-channel bias to the run-time batch, resolving -1 like the class-token expand of a ViT export.
        var requested = b.AddNode("Concat", [n, Ints(-1), Ints(1)], [OnnxAttributes.Int("axis", 0)]);
        var ones = b.AddNode("ConstantOfShape", [Ints(3)], [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", [1], 1))]);
        var resolved = b.AddNode("Where", [b.AddNode("Equal", [requested, Scalar(-1)]), ones, requested]);
        b.AddInitializer("bias", [0.5f, -1f, 2f], 1, 3, 1);
        var bias = b.AddNode("Expand", ["bias", resolved]);
        var y = b.AddNode("Add", [picked, bias], output: "y");

        var isSingle = b.AddNode("Equal", [n, Ints(1)], output: "is_single");
        var count = b.AddNode("Size", [y], output: "count");
        b.AddOutput(y, OnnxElementType.Float, "batch", 3, 8);
        b.AddOutput(target, OnnxElementType.Int64, 3);
        b.AddOutput(isSingle, OnnxElementType.Bool, 1);
        b.AddOutput(count, OnnxElementType.Int64);
        return b.Build();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DynamicShapeChain_AnyBatch_MatchesOrtAndStaysInt64(int batch)
    {
        var model = BuildDynamicModel();
        var feeds = new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(batch, [batch, 3, 4, 4]) };
        ParityHarness.AssertMatchesOrt(model, feeds);

        var outputs = ParityHarness.RunExecutor(model, feeds);
        Assert.Equal(OnnxElementType.Int64, outputs["target_shape"].ElementType);
        Assert.Equal([batch, 3L, 16L], outputs["target_shape"].Longs!);
        Assert.Equal([(long)batch, 3, 8], outputs["y"].Shape);
    }

    [Fact]
    public void DynamicShapeChain_GradientReachesInputAndExpandedBias()
    {
        var model = BuildDynamicModel();
        var feeds = new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(9, [3, 3, 4, 4]) };
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "bias"]);
    }
}
