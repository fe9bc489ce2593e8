using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

public sealed class ActivationKernelTests
{
    private static void Check(string op, global::Onnx.AttributeProto[]? attributes = null, long opset = 17)
    {
        var (model, feeds) = ParityHarness.SingleOp(op, [("x", [3, 4, 5])], attributes, opset: opset);
        feeds["x"] = HostTensor.Random(9, [3, 4, 5], -4f, 4f);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Fact]
    public void LeakyRelu_DefaultAndCustomAlpha_MatchOrtAndFiniteDifferences()
    {
        Check("LeakyRelu");
        Check("LeakyRelu", [OnnxAttributes.Float("alpha", 0.3f)]);
    }

    [Fact]
    public void HardSigmoid_DefaultAndCustomAlphaBeta_MatchOrtAndFiniteDifferences()
    {
        Check("HardSigmoid");
        Check("HardSigmoid", [OnnxAttributes.Float("alpha", 1f / 6), OnnxAttributes.Float("beta", 0.4f)]);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("tanh")]
    public void Gelu_BothApproximations_MatchOrtAndFiniteDifferences(string approximate) =>
        Check("Gelu", [OnnxAttributes.String("approximate", approximate)], opset: 20);

    [Fact]
    public void Clip_MinAndMaxInputs_MatchOrtAndFiniteDifferences()
    {
        var bounds = new Dictionary<string, HostTensor> { ["min"] = HostTensor.Float([-0.5f]), ["max"] = HostTensor.Float([0.7f]) };
        var (model, feeds) = ParityHarness.SingleOp("Clip", [("x", [4, 6])], initializers: [("min", []), ("max", [])], feeds: bounds);
        feeds["x"] = HostTensor.Random(2, [4, 6], -2f, 2f);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Fact]
    public void Clip_OnlyMaxInput_MatchesOrt()
    {
        var bounds = new Dictionary<string, HostTensor> { ["max"] = HostTensor.Float([0.25f]) };
        var (model, feeds) = ParityHarness.SingleOp("Clip", [("x", [4, 6])], initializers: [("max", [])], feeds: bounds, nodeInputs: ["x", "", "max"]);
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void Clip_Opset6Attributes_MatchOrt()
    {
        var (model, feeds) = ParityHarness.SingleOp("Clip", [("x", [4, 6])], [OnnxAttributes.Float("min", -0.1f), OnnxAttributes.Float("max", 0.3f)], opset: 10);
        ParityHarness.AssertMatchesOrt(model, feeds);
    }
}
