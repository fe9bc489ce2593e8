using Atlas.Engine.Execution;
using Atlas.Engine.Models;
using Atlas.Engine.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Execution;

public sealed class GroupNormFusionTests
{
    [Fact]
    public void SmallCnn_EveryGroupNormIsFused_AndFusedEqualsUnfusedWithGradients()
    {
        var model = ModelZoo.SmallCnn(seed: 5);
        using var fused = new GraphExecutor(model);
        using var plain = new GraphExecutor(model, new GraphExecutorOptions { FuseKnownPatterns = false });
        Assert.Equal(7, fused.FusedNodeCount); // gn1 + (gn1, gn2, downsample.1) in each of the two blocks
        Assert.Equal(0, plain.FusedNodeCount);

        using var scope = torch.NewDisposeScope();
        var x = torch.rand([3, 1, 28, 28], generator: new Generator(1));
        (Tensor Output, Tensor GammaGrad, Tensor InputGrad) Run(GraphExecutor executor)
        {
            var input = x.clone().requires_grad_(true);
            var gamma = executor.GetInitializer("layer1.gn2.weight").clone().requires_grad_(true);
            var y = executor.Run(new Dictionary<string, Tensor> { [CnnBuilder.InputName] = input },
                new Dictionary<string, Tensor> { ["layer1.gn2.weight"] = gamma })[CnnBuilder.OutputName];
            y.square().sum().backward();
            return (y, gamma.grad!, input.grad!);
        }

        var a = Run(fused);
        var b = Run(plain);
        // fp32, two algebraically equal formulations: 1e-5 relative to the largest magnitude.
        foreach (var (u, v) in new[] { (a.Output, b.Output), (a.GammaGrad, b.GammaGrad), (a.InputGrad, b.InputGrad) })
        {
            double scale = Math.Max(1e-6, v.abs().max().item<float>());
            Assert.True((u - v).abs().max().item<float>() <= 1e-5 * scale, $"fused and unfused differ by {(u - v).abs().max().item<float>()} (scale {scale})");
        }
    }

    [Fact]
    public void GroupNormChain_WithOverridableInitializerScale_IsNotFused()
    {
        // The same chain, but InstanceNormalization's ones come from an initializer a caller could override.
        var b = new OnnxGraphBuilder("gn");
        var x = b.AddInput("x", OnnxElementType.Float, "n", 4, 3, 3);
        var shape = b.AddNode("Constant", [], [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", [0, 2, -1], 3))]);
        var grouped = b.AddNode("Reshape", [x, shape]);
        var ones = b.AddInitializer("ones", [1f, 1f], 2);
        var zeros = b.AddNode("Constant", [], [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromFloats("", [0f, 0f], 2))]);
        var normalized = b.AddNode("InstanceNormalization", [grouped, ones, zeros]);
        var restored = b.AddNode("Reshape", [normalized, b.AddNode("Shape", [x])]);
        var axes = b.AddNode("Constant", [], [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", [1, 2], 2))]);
        var gamma = b.AddNode("Unsqueeze", [b.AddInitializer("gn.weight", [1f, 2f, 3f, 4f], 4), axes]);
        var beta = b.AddNode("Unsqueeze", [b.AddInitializer("gn.bias", [0f, 1f, 0f, 1f], 4), axes]);
        var y = b.AddNode("Add", [b.AddNode("Mul", [restored, gamma]), beta], output: "y");
        b.AddOutput(y, OnnxElementType.Float, "n", 4, 3, 3);
        var model = b.Build();

        using var executor = new GraphExecutor(model);
        Assert.Equal(0, executor.FusedNodeCount);
        ParityHarness.AssertMatchesOrt(model, new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(2, [2, 4, 3, 3]) });
    }
}
