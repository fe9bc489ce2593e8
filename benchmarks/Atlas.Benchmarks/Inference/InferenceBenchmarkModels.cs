using Atlas.Engine.Onnx;

namespace Atlas.Benchmarks.Inference;

/// <summary>
/// Seeded models for the inference benchmarks, built with <see cref="OnnxGraphBuilder"/>: a small CNN like the
/// sample model (about 5k parameters, 1.6 MMAC per 3×32×32 image) and a 10M-parameter Conv/Gemm network.
/// Both take <c>input</c> [batch,3,32,32] and give <c>logits</c> [batch,10].
/// </summary>
internal static class InferenceBenchmarkModels
{
    public const int SampleLength = 3 * 32 * 32;

    public static OnnxModel SmallCnn()
    {
        var random = new Random(1);
        var b = new OnnxGraphBuilder("small-cnn", opset: 17);
        var x = b.AddInput("input", OnnxElementType.Float, "batch", 3, 32, 32);
        x = Conv(b, random, "conv1", x, 3, 16, stride: 1);
        x = Conv(b, random, "conv2", x, 16, 32, stride: 2);
        x = b.AddNode("Flatten", [b.AddNode("GlobalAveragePool", [x])], [OnnxAttributes.Int("axis", 1)]);
        var y = Gemm(b, random, "fc", x, 32, 10, output: "logits");
        b.AddOutput(y, OnnxElementType.Float, "batch", 10);
        return b.Build();
    }

    /// <summary>Conv 3→32 s2, Conv 32→64 s2, Gemm 4096→2048→768→10: 10.0M parameters.</summary>
    public static OnnxModel TenMillion()
    {
        var random = new Random(2);
        var b = new OnnxGraphBuilder("ten-million", opset: 17);
        var x = b.AddInput("input", OnnxElementType.Float, "batch", 3, 32, 32);
        x = Conv(b, random, "conv1", x, 3, 32, stride: 2);
        x = Conv(b, random, "conv2", x, 32, 64, stride: 2);
        x = b.AddNode("Flatten", [x], [OnnxAttributes.Int("axis", 1)]);
        x = b.AddNode("Relu", [Gemm(b, random, "fc1", x, 64 * 8 * 8, 2048)]);
        x = b.AddNode("Relu", [Gemm(b, random, "fc2", x, 2048, 768)]);
        var y = Gemm(b, random, "fc3", x, 768, 10, output: "logits");
        b.AddOutput(y, OnnxElementType.Float, "batch", 10);
        return b.Build();
    }

    /// <summary>Every weight moved by a seeded delta, as a composition would (all floating initializers).</summary>
    public static Dictionary<string, float[]> Composition(OnnxModel model, int seed)
    {
        var random = new Random(seed);
        return model.Initializers.Where(i => i.IsFloatingPoint).ToDictionary(i => i.Name,
            i => model.ReadFloatInitializer(i.Name).Select(v => v + (float)(random.NextDouble() - 0.5) * 0.01f).ToArray());
    }

    public static long ParameterCount(OnnxModel model) => model.Initializers.Sum(i => i.ElementCount);

    public static float[] Batch(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count * SampleLength).Select(_ => (float)random.NextDouble()).ToArray();
    }

    private static string Conv(OnnxGraphBuilder b, Random random, string name, string x, int inChannels, int outChannels, int stride)
    {
        var w = b.AddInitializer($"{name}.weight", Values(random, outChannels * inChannels * 9, inChannels * 9), outChannels, inChannels, 3, 3);
        var bias = b.AddInitializer($"{name}.bias", Values(random, outChannels, inChannels * 9), outChannels);
        var conv = b.AddNode("Conv", [x, w, bias], [OnnxAttributes.Ints("pads", 1, 1, 1, 1), OnnxAttributes.Ints("strides", stride, stride)]);
        return b.AddNode("Relu", [conv]);
    }

    private static string Gemm(OnnxGraphBuilder b, Random random, string name, string x, int inFeatures, int outFeatures, string? output = null)
    {
        var w = b.AddInitializer($"{name}.weight", Values(random, outFeatures * inFeatures, inFeatures), outFeatures, inFeatures);
        var bias = b.AddInitializer($"{name}.bias", Values(random, outFeatures, inFeatures), outFeatures);
        return b.AddNode("Gemm", [x, w, bias], [OnnxAttributes.Int("transB", 1)], output: output);
    }

    private static float[] Values(Random random, int count, int fanIn)
    {
        var scale = (float)Math.Sqrt(2.0 / fanIn);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
    }
}
