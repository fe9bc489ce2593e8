using Atlas.Engine.Onnx;
using Atlas.Engine.Training;

namespace Atlas.Engine.Tests.Training;

public sealed class LearnableInitializersTests
{
    [Fact]
    public void Select_SkipsInGraphPreprocessingConstants()
    {
        var names = LearnableInitializers.Select(TinyClassifier.Build());
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], names);
    }

    [Fact]
    public void Select_GroupNormLowering_LearnsGammaAndBetaButNotTheUnitInstanceNormAffine()
    {
        // Reshape → InstanceNormalization(1, 0) → Reshape → Mul(γ) → Add(β), as torch.onnx.export lowers GroupNorm.
        var b = new OnnxGraphBuilder("gn", opset: 17);
        var x = b.AddInput("x", OnnxElementType.Float, "N", 4, 2, 2);
        var grouped = b.AddNode("Reshape", [x, b.AddInt64Initializer("gn.shape", [0, 2, -1], 3)]);
        var normed = b.AddNode("InstanceNormalization", [grouped, b.AddInitializer("gn.in_scale", [1f, 1f], 2), b.AddInitializer("gn.in_bias", [0f, 0f], 2)]);
        var back = b.AddNode("Reshape", [normed, b.AddNode("Shape", [x])]);
        var scaled = b.AddNode("Mul", [back, b.AddInitializer("gn.weight", [1f, 1f, 1f, 1f], 4, 1, 1)]);
        var y = b.AddNode("Add", [scaled, b.AddInitializer("gn.bias", [0f, 0f, 0f, 0f], 4, 1, 1)]);
        b.AddOutput(y, OnnxElementType.Float, "N", 4, 2, 2);

        var names = LearnableInitializers.Select(b.Build());

        Assert.Equal(["gn.weight", "gn.bias"], names);
    }

    [Fact]
    public void Select_ExplicitlyFrozenNames_AreLeftOut()
    {
        var names = LearnableInitializers.Select(TinyClassifier.Build(), ["fc1.weight", "fc1.bias"]);
        Assert.Equal(["fc2.weight", "fc2.bias"], names);
    }

    [Fact]
    public void Select_FrozenNameTheModelLacks_Throws()
    {
        var e = Assert.Throws<TrainingException>(() => LearnableInitializers.Select(TinyClassifier.Build(), ["conv9.weight"]));
        Assert.Contains("conv9.weight", e.Message, StringComparison.Ordinal);
    }
}
