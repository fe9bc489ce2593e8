using Atlas.Engine.Onnx;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>
/// A Fashion-MNIST-shaped classifier built with <see cref="OnnxGraphBuilder"/>: input [batch,1,28,28] → Flatten →
/// Gemm → 10 logits, seeded weights, with preprocessing and label metadata as the agent reads them.
/// </summary>
internal static class TestModels
{
    public const int Classes = 10;
    public const float Mean = 0.25f;
    public const float Std = 0.5f;

    public static readonly string[] Labels =
        ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"];

    public static OnnxModel Classifier(int seed = 11)
    {
        var random = new Random(seed);
        var b = new OnnxGraphBuilder("fashion-test", opset: 17);
        var x = b.AddInput("image", OnnxElementType.Float, "batch", 1, 28, 28);
        var flat = b.AddNode("Flatten", [x], [OnnxAttributes.Int("axis", 1)]);
        var w = b.AddInitializer("fc.weight", Enumerable.Range(0, Classes * 784).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f).ToArray(), Classes, 784);
        var bias = b.AddInitializer("fc.bias", Enumerable.Range(0, Classes).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(), Classes);
        var y = b.AddNode("Gemm", [flat, w, bias], [OnnxAttributes.Int("transB", 1)], output: "logits");
        b.AddOutput(y, OnnxElementType.Float, "batch", Classes);
        b.AddMetadata("atlas.mean", Mean.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.AddMetadata("atlas.std", Std.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.AddMetadata("atlas.labels", string.Join(",", Labels));
        return b.Build();
    }

    /// <summary>Writes the classifier to <paramref name="path"/> and returns the path.</summary>
    public static string SaveClassifier(string path, int seed = 11)
    {
        Classifier(seed).Save(path);
        return path;
    }
}
