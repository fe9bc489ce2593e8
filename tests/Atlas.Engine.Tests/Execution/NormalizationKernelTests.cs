using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

public sealed class NormalizationKernelTests
{
    [Fact]
    public void LayerNormalization_LastAxisWithBias_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("LayerNormalization", [("x", [2, 3, 6])],
            [OnnxAttributes.Float("epsilon", 1e-3f)], initializers: [("scale", [6]), ("bias", [6])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "scale", "bias"]);
    }

    [Fact]
    public void LayerNormalization_Axis1WithoutBias_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("LayerNormalization", [("x", [2, 3, 4])],
            [OnnxAttributes.Int("axis", 1)], initializers: [("scale", [3, 4])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "scale"]);
    }

    [Fact]
    public void LayerNormalization_BroadcastScaleWithStatisticsOutputs_MatchesOrt()
    {
        var (model, feeds) = ParityHarness.SingleOp("LayerNormalization", [("x", [2, 3, 4])],
            [OnnxAttributes.Int("axis", -2)], initializers: [("scale", [4]), ("bias", [1, 4])], outputCount: 3);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "scale", "bias"]);
    }

    [Fact]
    public void InstanceNormalization_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("InstanceNormalization", [("x", [2, 3, 4, 5])],
            [OnnxAttributes.Float("epsilon", 1e-4f)], initializers: [("scale", [3]), ("bias", [3])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "scale", "bias"]);
    }

    [Theory]
    [InlineData(new long[] { 2, 3, 4, 5 })]
    [InlineData(new long[] { 4, 3 })]
    public void BatchNormalization_InferenceForm_MatchesOrtAndFiniteDifferences(long[] shape)
    {
        var statistics = new Dictionary<string, HostTensor> { ["var"] = HostTensor.Random(8, [3], 0.5f, 2f) };
        var (model, feeds) = ParityHarness.SingleOp("BatchNormalization", [("x", shape)], [OnnxAttributes.Float("epsilon", 1e-3f)],
            initializers: [("scale", [3]), ("bias", [3]), ("mean", [3]), ("var", [3])], feeds: statistics);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "scale", "bias", "mean", "var"]);
    }

    [Fact]
    public void BatchNormalization_TrainingMode_IsRejectedBeforeRunning()
    {
        var (model, _) = ParityHarness.SingleOp("BatchNormalization", [("x", [2, 3, 4])], [OnnxAttributes.Int("training_mode", 1)],
            initializers: [("scale", [3]), ("bias", [3]), ("mean", [3]), ("var", [3])]);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("'training_mode'=1", error.Detail, StringComparison.Ordinal);
        Assert.Contains("the_BatchNormalization", error.Message, StringComparison.Ordinal);
    }
}
