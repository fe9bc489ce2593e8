using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Pad against ONNX Runtime (relative 1e-4) in every implemented mode, with float64 gradient checks.</summary>
public sealed class PadKernelTests
{
    [Theory]
    [InlineData("constant", new long[] { 0, 1, 2, 0, 2, 1 })]
    [InlineData("constant", new long[] { 1, -1, 0, 0, 2, -2 })]
    [InlineData("reflect", new long[] { 0, 2, 1, 0, 1, 3 })]
    [InlineData("reflect", new long[] { 0, -1, 2, 0, 2, -1 })]
    [InlineData("edge", new long[] { 1, 3, 0, 2, 0, 4 })]
    [InlineData("edge", new long[] { 0, 1, -2, 0, -1, 2 })]
    public void Pad_Modes_MatchOrtAndFiniteDifferences(string mode, long[] pads)
    {
        OpCase.Check("Pad", [2, 4, 5], [("pads", pads)], [OnnxAttributes.String("mode", mode)], opset: 13);
    }

    [Fact]
    public void Pad_ConstantValueInput_MatchesOrt()
    {
        var feeds = new Dictionary<string, HostTensor> { ["pads"] = HostTensor.Int64([1, 0, 0, 2], 4), ["v"] = HostTensor.Float([2.5f]) };
        var builder = new OnnxGraphBuilder("pad", 13);
        builder.AddInput("x", OnnxElementType.Float, 3, 2);
        builder.AddInitializer(OnnxTensorCodec.FromInt64s("pads", [1, 0, 0, 2], 4));
        builder.AddInitializer(OnnxTensorCodec.FromFloats("v", [2.5f]));
        var y = builder.AddNode("Pad", ["x", "pads", "v"]);
        builder.AddOutputWithoutShape(y, OnnxElementType.Float);
        var given = new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(1, [3, 2]) };
        ParityHarness.AssertMatchesOrt(builder.Build(), given);
        GradientChecker.AssertGradientsMatch(builder.Build(), given, ["x"]);
    }

    [Fact]
    public void Pad_AxesInputAtOpset18_MatchesOrt()
    {
        OpCase.Check("Pad", [2, 3, 4], [("pads", [1, 1, 3, 0]), ("axes", [-1, 0])], [OnnxAttributes.String("mode", "reflect")],
            opset: 18, nodeInputs: ["x", "pads", "", "axes"]);
    }

    [Fact]
    public void Pad_WrapMode_IsRejectedBeforeRunning()
    {
        var (model, _) = ParityHarness.SingleOp("Pad", [("x", [2, 3])], [OnnxAttributes.String("mode", "wrap")], initializers: [("pads", [4])],
            opset: 19, feeds: new Dictionary<string, HostTensor> { ["pads"] = HostTensor.Int64([0, 1, 0, 1], 4) });
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("wrap", error.Message, StringComparison.Ordinal);
        Assert.Contains("the_Pad", error.Message, StringComparison.Ordinal);
    }
}
