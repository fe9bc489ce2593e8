using Atlas.Engine.Execution;
using Atlas.Engine.Models;
using Atlas.Engine.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Models;

public sealed class CnnBuilderTests
{
    [Fact]
    public void SmallCnn_HasPyTorchNamesSymbolicBatchAndFashionMnistSize()
    {
        var model = ModelZoo.SmallCnn();

        var input = Assert.Single(model.Inputs);
        Assert.Equal("[batch,1,28,28]", input.ShapeText);
        Assert.Equal("[batch,10]", Assert.Single(model.Outputs).ShapeText);
        var names = model.Initializers.Select(i => i.Name).ToHashSet();
        foreach (var expected in new[] { "conv1.weight", "gn1.weight", "gn1.bias", "layer1.conv1.weight", "layer1.gn2.bias",
            "layer1.downsample.0.weight", "layer2.downsample.1.weight", "fc.weight", "fc.bias", "preprocess.mean", "preprocess.std" })
        {
            Assert.Contains(expected, names);
        }
        long parameters = model.Initializers.Where(i => !i.Name.StartsWith("preprocess.", StringComparison.Ordinal)).Sum(i => i.ElementCount);
        Assert.InRange(parameters, 200_000, 500_000);
        Assert.Equal("preprocess.mean,preprocess.std", model.Metadata[CnnBuilder.FrozenInitializersKey]);
        Assert.Equal([10L, 128L], model.GetInitializerInfo("fc.weight").Shape);
    }

    [Fact]
    public void Build_SameSeed_SameWeights_DifferentSeed_DifferentWeights()
    {
        var a = ModelZoo.SmallCnn(seed: 3).ReadFloatInitializer("layer1.conv1.weight");
        var b = ModelZoo.SmallCnn(seed: 3).ReadFloatInitializer("layer1.conv1.weight");
        var c = ModelZoo.SmallCnn(seed: 4).ReadFloatInitializer("layer1.conv1.weight");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // Kaiming-uniform bound 1/sqrt(fan_in) with fan_in = 32·3·3.
        float bound = 1f / MathF.Sqrt(32 * 9);
        Assert.All(a, v => Assert.InRange(v, -bound, bound));
        Assert.True(a.Max() > 0.9f * bound && a.Min() < -0.9f * bound);
    }

    [Fact]
    public void GroupNorm_LoweredGraph_EqualsTorchGroupNorm()
    {
        var model = new CnnBuilder(6, 5, 4, seed: 1).GroupNorm("gn", 3, 1e-5f).Build();
        using var executor = new GraphExecutor(model);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([2, 6, 5, 4], generator: new Generator(5));
        var gamma = torch.randn([6], generator: new Generator(6));
        var beta = torch.randn([6], generator: new Generator(7));

        var y = executor.Run(new Dictionary<string, Tensor> { [CnnBuilder.InputName] = x },
            new Dictionary<string, Tensor> { ["gn.weight"] = gamma, ["gn.bias"] = beta })[CnnBuilder.OutputName];
        var expected = nn.functional.group_norm(x, 3, gamma, beta, 1e-5);

        // fp32, values of order 1: 1e-5 absolute.
        Assert.True(y.allclose(expected, rtol: 0, atol: 1e-5), $"max diff {(y - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Builder_MisuseIsRejectedWithTheLayerName()
    {
        var builder = new CnnBuilder(3, 8, 8);
        var linear = Assert.Throws<InvalidOperationException>(() => builder.Linear("head", 4));
        Assert.Contains("'head'", linear.Message, StringComparison.Ordinal);
        var groups = Assert.Throws<ArgumentException>(() => builder.Conv("c", 6, 3).GroupNorm("gn", 4));
        Assert.Contains("'gn'", groups.Message, StringComparison.Ordinal);
        builder.Relu().GlobalAveragePool().Flatten();
        Assert.Equal([6L], builder.CurrentShape);
    }
}
