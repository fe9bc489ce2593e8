using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

public sealed class SoftmaxKernelTests
{
    [Theory]
    [InlineData("Softmax", 13, null)]
    [InlineData("Softmax", 13, 1L)]
    [InlineData("Softmax", 11, null)]
    [InlineData("Softmax", 11, 2L)]
    [InlineData("LogSoftmax", 17, -2L)]
    [InlineData("LogSoftmax", 11, 1L)]
    public void SoftmaxFamily_AxisSemanticsPerOpset_MatchOrtAndFiniteDifferences(string op, long opset, long? axis)
    {
        var attributes = axis is null ? null : new[] { OnnxAttributes.Int("axis", axis.Value) };
        var (model, feeds) = ParityHarness.SingleOp(op, [("x", [2, 3, 4])], attributes, opset: opset);
        feeds["x"] = HostTensor.Random(4, [2, 3, 4], -3f, 3f);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }
}
