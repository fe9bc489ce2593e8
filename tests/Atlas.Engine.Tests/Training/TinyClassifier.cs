using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Training;

/// <summary>
/// A small MLP for Fashion-MNIST built with <see cref="OnnxGraphBuilder"/>: in-graph preprocessing
/// ((x − mean) / std), Flatten, Gemm 784→32, Relu, Gemm 32→10. Weights are seeded and small, so the untrained model
/// is near chance and a short fine-tune visibly lowers the loss.
/// </summary>
internal static class TinyClassifier
{
    public const string Input = "images";
    public const string Output = "logits";
    public const int Hidden = 32;

    public static OnnxModel Build(int seed = 1)
    {
        var random = new Random(seed);
        float[] Values(int count, double scale) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var b = new OnnxGraphBuilder("tiny-mlp", opset: 17);
        var x = b.AddInput(Input, OnnxElementType.Float, "N", 1, 28, 28);
        var mean = b.AddInitializer("preprocess.mean", [0.286f], 1, 1, 1);
        var std = b.AddInitializer("preprocess.std", [0.353f], 1, 1, 1);
        var centered = b.AddNode("Sub", [x, mean]);
        var normalised = b.AddNode("Div", [centered, std]);
        var flat = b.AddNode("Flatten", [normalised]);
        var w1 = b.AddInitializer("fc1.weight", Values(Hidden * 784, 1.0 / 28), Hidden, 784);
        var b1 = b.AddInitializer("fc1.bias", new float[Hidden], Hidden);
        var hidden = b.AddNode("Relu", [b.AddNode("Gemm", [flat, w1, b1], [OnnxAttributes.Int("transB", 1)])]);
        var w2 = b.AddInitializer("fc2.weight", Values(10 * Hidden, 0.01), 10, Hidden);
        var b2 = b.AddInitializer("fc2.bias", new float[10], 10);
        b.AddNode("Gemm", [hidden, w2, b2], [OnnxAttributes.Int("transB", 1)], output: Output);
        b.AddOutput(Output, OnnxElementType.Float, "N", 10);
        return b.Build();
    }
}
