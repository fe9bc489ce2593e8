using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Attribute values and opset forms the shape and tensor kernels do not implement fail when the executor is built, naming the node.</summary>
public sealed class OpValidationTests
{
    [Fact]
    public void Cast_ToUInt32_IsUnsupportedAndListsImplementedTypes()
    {
        var (model, _) = ParityHarness.SingleOp("Cast", [("x", [2])], [OnnxAttributes.Int("to", (long)OnnxElementType.UInt32)]);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("the_Cast", error.Message, StringComparison.Ordinal);
        Assert.Contains("UInt32", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_Antialias_IsUnsupported()
    {
        var (model, _) = ParityHarness.SingleOp("Resize", [("x", [1, 1, 4, 4])], [OnnxAttributes.Int("antialias", 1)], opset: 18);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("antialias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constant_StringValue_IsUnsupported()
    {
        var (model, _) = ParityHarness.SingleOp("Constant", [], [OnnxAttributes.String("value_string", "hello")]);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("value_string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsqueeze_AxesAttributeAtOpset13_IsMalformed()
    {
        var (model, _) = ParityHarness.SingleOp("Unsqueeze", [("x", [2])], [OnnxAttributes.Ints("axes", 0)], opset: 13);
        var error = Assert.Throws<GraphExecutionException>(() => new GraphExecutor(model));
        Assert.Contains("the_Unsqueeze", error.Message, StringComparison.Ordinal);
        Assert.Contains("opset 13", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reshape_TwoInferredDimensions_FailsNamingTheShape()
    {
        var (model, feeds) = ParityHarness.SingleOp("Reshape", [("x", [2, 3])], initializers: [("shape", [2])],
            feeds: new Dictionary<string, HostTensor> { ["shape"] = HostTensor.Int64([-1, -1], 2) });
        var error = Assert.Throws<GraphExecutionException>(() => ParityHarness.RunExecutor(model, feeds));
        Assert.Contains("[-1,-1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("the_Reshape", error.Message, StringComparison.Ordinal);
    }
}
