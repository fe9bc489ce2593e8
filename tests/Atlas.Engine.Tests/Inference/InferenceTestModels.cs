using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Inference;

/// <summary>
/// Small CNN-like models for the inference host tests: Conv → Relu → GlobalAveragePool → Flatten → Gemm, with
/// seeded weights. Initializers are named as a PyTorch export keeps them (conv.weight, fc.bias).
/// </summary>
internal static class InferenceTestModels
{
    public const int Channels = 2;
    public const int Size = 6;
    public const int Features = 4;
    public const int Classes = 3;
    public const int SampleLength = Channels * Size * Size;

    /// <summary>
    /// The CNN with a dynamic batch dimension (or a fixed batch of 1). With <paramref name="foldable"/> the classifier
    /// is Transpose(fc.weight) → MatMul → Add and the conv weight is scaled by a constant, subgraphs that ONNX
    /// Runtime's constant folding computes ahead of time from the initializers.
    /// </summary>
    /// <param name="withUnknownOp">Adds a node of an operator ONNX Runtime does not know, so building a session fails.</param>
    public static OnnxModel Cnn(bool dynamicBatch = true, int seed = 7, bool foldable = false, bool withUnknownOp = false)
    {
        var random = new Random(seed);
        object batch = dynamicBatch ? "batch" : 1;
        var b = new OnnxGraphBuilder("cnn", opset: 17);
        var x = b.AddInput("image", OnnxElementType.Float, batch, Channels, Size, Size);
        var w = b.AddInitializer("conv.weight", Values(random, Features * Channels * 9), Features, Channels, 3, 3);
        var cb = b.AddInitializer("conv.bias", Values(random, Features), Features);
        if (foldable)
            w = b.AddNode("Mul", [w, b.AddInitializer("conv.scale", [1.5f])]);
        var conv = b.AddNode("Conv", [x, w, cb], [OnnxAttributes.Ints("pads", 1, 1, 1, 1)]);
        var relu = b.AddNode(withUnknownOp ? "AtlasNoSuchOp" : "Relu", [conv]);
        var pool = b.AddNode("GlobalAveragePool", [relu]);
        var flat = b.AddNode("Flatten", [pool], [OnnxAttributes.Int("axis", 1)]);
        var fw = b.AddInitializer("fc.weight", Values(random, Classes * Features), Classes, Features);
        var fb = b.AddInitializer("fc.bias", new float[Classes], Classes);
        var y = foldable
            ? b.AddNode("Add", [b.AddNode("MatMul", [flat, b.AddNode("Transpose", [fw], [OnnxAttributes.Ints("perm", 1, 0)])]), fb], output: "logits")
            : b.AddNode("Gemm", [flat, fw, fb], [OnnxAttributes.Int("transB", 1)], output: "logits");
        b.AddOutput(y, OnnxElementType.Float, batch, Classes);
        return b.Build();
    }

    /// <summary>A bias override that adds <paramref name="version"/> to every logit (the base bias is zero).</summary>
    public static Dictionary<string, float[]> VersionBias(int version) =>
        new() { ["fc.bias"] = Enumerable.Repeat((float)version, Classes).ToArray() };

    /// <summary>A seeded sample in [-1, 1).</summary>
    public static float[] Sample(int seed) => Values(new Random(seed), SampleLength, scale: 1f);

    private static float[] Values(Random random, int count, float scale = 0.5f) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
}
