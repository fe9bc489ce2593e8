using Atlas.Engine.Models;
using Atlas.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Atlas.Engine.Tests.Models;

public sealed class VisionTransformerBuilderTests
{
    private static readonly VisionTransformerOptions Small = new() { ImageSize = 16, PatchSize = 4, Dim = 32, Depth = 2, Heads = 4, Classes = 5, Seed = 3 };

    private static float[] Image(int batch, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, batch * 3 * 16 * 16).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
    }

    private static float[] RunOrt(OnnxModel model, float[] input, int batch)
    {
        using var session = new InferenceSession(model.ToBytes());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(VisionTransformerBuilder.InputName, new DenseTensor<float>(input, [batch, 3, 16, 16]))]);
        return results[0].AsEnumerable<float>().ToArray();
    }

    [Fact]
    public void Build_UsesPyTorchParameterNamesWithFusedQkv()
    {
        var model = VisionTransformerBuilder.Build(Small);
        var names = model.Initializers.Select(i => i.Name).ToHashSet();
        Assert.Contains("class_token", names);
        Assert.Contains("encoder.pos_embedding", names);
        Assert.Contains("encoder.layers.1.ln_1.weight", names);
        Assert.Contains("encoder.layers.0.mlp.3.bias", names);
        Assert.Contains("heads.head.weight", names);
        Assert.Equal([96L, 32L], model.GetInitializerInfo("encoder.layers.0.self_attention.in_proj_weight").Shape);
        Assert.DoesNotContain(names, n => n.Contains("q_proj", StringComparison.Ordinal));
        Assert.Equal([1L, 17L, 32L], model.GetInitializerInfo("encoder.pos_embedding").Shape);
    }

    [Fact]
    public void Build_EmitsTheOpMixOfADynamicBatchExport()
    {
        var ops = VisionTransformerBuilder.Build(Small).Proto.Graph.Node.Select(n => n.OpType).ToHashSet();
        string[] expected = ["Conv", "Shape", "Gather", "Unsqueeze", "Concat", "Reshape", "Transpose", "ConstantOfShape", "Equal",
            "Where", "Expand", "Add", "LayerNormalization", "MatMul", "Div", "Softmax", "Erf", "Mul", "Gemm", "Constant"];
        Assert.All(expected, op => Assert.Contains(op, ops));
    }

    [Fact]
    public void Build_SameSeedSameParameters_DifferentSeedDifferent()
    {
        var a = VisionTransformerBuilder.Build(Small).ReadFloatInitializer("encoder.layers.0.self_attention.in_proj_weight");
        var b = VisionTransformerBuilder.Build(Small).ReadFloatInitializer("encoder.layers.0.self_attention.in_proj_weight");
        var c = VisionTransformerBuilder.Build(new VisionTransformerOptions { Seed = 4, Classes = 5 }).ReadFloatInitializer("encoder.layers.0.self_attention.in_proj_weight");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void OnnxRuntime_RunsAnyBatch_EachRowIndependentOfTheOthers()
    {
        // Tolerance 1e-5 absolute: the same image must give the same logits alone or inside a batch of 4.
        var model = VisionTransformerBuilder.Build(Small);
        var batch = Image(4, seed: 1);
        var all = RunOrt(model, batch, 4);
        Assert.Equal(4 * 5, all.Length);
        for (int i = 0; i < 4; i++)
        {
            var single = RunOrt(model, batch.AsSpan(i * 768, 768).ToArray(), 1);
            for (int c = 0; c < 5; c++) Assert.Equal(single[c], all[i * 5 + c], 1e-5f);
        }
        Assert.True(all.Select(MathF.Abs).Max() > 1e-3f, "logits should not be all zero");
    }

    [Fact]
    public void Validate_ListsEveryBadSetting()
    {
        var options = new VisionTransformerOptions { ImageSize = 15, PatchSize = 4, Dim = 30, Heads = 4, Opset = 13 };
        var error = Assert.Throws<ArgumentException>(() => VisionTransformerBuilder.Build(options));
        Assert.Contains("PatchSize 4 must divide ImageSize 15", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dim 30 must be a multiple of Heads 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("Opset", error.Message, StringComparison.Ordinal);
    }
}
