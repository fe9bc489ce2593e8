using Atlas.Engine.Onnx;

namespace Atlas.Benchmarks.Agent;

/// <summary>
/// The model the agent benchmarks serve: the shipped sample (samples/fashion-camera/base.onnx) when the checkout has
/// it, otherwise a sample-sized CNN for 28×28 grey frames built here (Conv 1→8 3×3, ReLU, MaxPool 2, Conv 8→16 3×3,
/// ReLU, global average pool, Gemm 16→10).
/// </summary>
internal static class AgentBenchmarkModel
{
    public static string Resolve(string folder)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Atlas.sln"))) root = root.Parent;
        var sample = root is null ? null : Path.Combine(root.FullName, "samples", "fashion-camera", "base.onnx");
        if (sample is not null && File.Exists(sample)) return sample;
        var path = Path.Combine(folder, "bench-cnn.onnx");
        Build().Save(path);
        return path;
    }

    private static OnnxModel Build()
    {
        var random = new Random(5);
        float[] Values(int n, float scale) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * scale).ToArray();
        var b = new OnnxGraphBuilder("bench-cnn", opset: 17);
        var x = b.AddInput("image", OnnxElementType.Float, "batch", 1, 28, 28);
        var c1 = b.AddNode("Conv", [x, b.AddInitializer("conv1.weight", Values(8 * 9, 0.6f), 8, 1, 3, 3), b.AddInitializer("conv1.bias", Values(8, 0.1f), 8)],
            [OnnxAttributes.Ints("pads", 1, 1, 1, 1)]);
        var p1 = b.AddNode("MaxPool", [b.AddNode("Relu", [c1])], [OnnxAttributes.Ints("kernel_shape", 2, 2), OnnxAttributes.Ints("strides", 2, 2)]);
        var c2 = b.AddNode("Conv", [p1, b.AddInitializer("conv2.weight", Values(16 * 8 * 9, 0.2f), 16, 8, 3, 3), b.AddInitializer("conv2.bias", Values(16, 0.1f), 16)],
            [OnnxAttributes.Ints("pads", 1, 1, 1, 1)]);
        var pooled = b.AddNode("Flatten", [b.AddNode("GlobalAveragePool", [b.AddNode("Relu", [c2])])], [OnnxAttributes.Int("axis", 1)]);
        var y = b.AddNode("Gemm", [pooled, b.AddInitializer("fc.weight", Values(10 * 16, 0.5f), 10, 16), b.AddInitializer("fc.bias", Values(10, 0.1f), 10)],
            [OnnxAttributes.Int("transB", 1)], output: "logits");
        b.AddOutput(y, OnnxElementType.Float, "batch", 10);
        b.AddMetadata("atlas.mean", "0.286");
        b.AddMetadata("atlas.std", "0.353");
        return b.Build();
    }
}
