using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Execution;

public sealed class DropoutKernelTests
{
    private static OnnxModel DropoutModel()
    {
        var b = new OnnxGraphBuilder("dropout", opset: 13);
        var x = b.AddInput("x", OnnxElementType.Float, "n", 50);
        var ratio = b.AddInitializer("ratio", [0.3f]);
        var outputs = b.AddNode("Dropout", [x, ratio], 2, outputs: ["y", "mask"]);
        b.AddOutput(outputs[0], OnnxElementType.Float, "n", 50);
        b.AddOutput(outputs[1], OnnxElementType.Bool, "n", 50);
        return b.Build();
    }

    [Fact]
    public void Dropout_Inference_IsIdentityWithTrueMaskLikeOrt()
    {
        var feeds = new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(1, [4, 50]) };
        ParityHarness.AssertMatchesOrt(DropoutModel(), feeds);
    }

    [Fact]
    public void Dropout_TrainingWithoutSeed_IsIdentity()
    {
        using var executor = new GraphExecutor(DropoutModel());
        using var scope = torch.NewDisposeScope();
        var x = torch.rand(4, 50);
        var y = executor.Run(new Dictionary<string, Tensor> { ["x"] = x }, training: true)["y"];
        Assert.True(y.allclose(x, rtol: 0, atol: 0));
    }

    [Fact]
    public void Dropout_TrainingWithSeed_DropsAboutRatioAndScalesTheRestReproducibly()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.rand(40, 50).add(0.5);
        Tensor RunOnce(long seed)
        {
            using var executor = new GraphExecutor(DropoutModel(), new GraphExecutorOptions { DropoutSeed = seed });
            return executor.Run(new Dictionary<string, Tensor> { ["x"] = x }, training: true)["y"];
        }

        var y = RunOnce(42);
        var dropped = y.eq(0).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(dropped, 0.25f, 0.35f); // 2000 draws at p = 0.3: ±5σ ≈ ±0.05
        var kept = y.ne(0);
        Assert.True(y.masked_select(kept).allclose(x.masked_select(kept) / 0.7, rtol: 1e-6, atol: 1e-6));
        Assert.True(RunOnce(42).allclose(y, rtol: 0, atol: 0));
        Assert.False(RunOnce(43).allclose(y, rtol: 0, atol: 0));
    }
}
