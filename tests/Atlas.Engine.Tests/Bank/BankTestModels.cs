using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Bank;

/// <summary>
/// A small conv + MLP base model built with <see cref="OnnxGraphBuilder"/>, and "fine-tuned" copies made by saving it
/// with perturbed initializers. Initializers: conv.weight [4,3,2,2], conv.bias [4], fc.weight [5,64], fc.bias [5],
/// and the int64 shape constant "flat_shape".
/// </summary>
internal static class BankTestModels
{
    public static readonly string[] FloatInitializers = ["conv.weight", "conv.bias", "fc.weight", "fc.bias"];

    public static OnnxModel BuildBase(int seed = 1, string fcWeightName = "fc.weight")
    {
        var random = new Random(seed);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = new OnnxGraphBuilder("bank-test", opset: 17);
        var x = b.AddInput("x", OnnxElementType.Float, "batch", 3, 5, 5);
        var cw = b.AddInitializer("conv.weight", Values(48), 4, 3, 2, 2);
        var cb = b.AddInitializer("conv.bias", Values(4), 4);
        var conv = b.AddNode("Conv", [x, cw, cb], name: "conv");
        var relu = b.AddNode("Relu", [conv], name: "relu");
        var shape = b.AddInt64Initializer("flat_shape", [-1, 64], 2);
        var flat = b.AddNode("Reshape", [relu, shape], name: "flatten");
        var fw = b.AddInitializer(fcWeightName, Values(320), 5, 64);
        var fb = b.AddInitializer("fc.bias", Values(5), 5);
        var y = b.AddNode("Gemm", [flat, fw, fb], [OnnxAttributes.Int("transB", 1)], output: "logits", name: "fc");
        b.AddOutput(y, OnnxElementType.Float, "batch", 5);
        return b.Build();
    }

    /// <summary>
    /// Fine-tuned weights θ = θ0·(1 + ε), |ε| ≤ 0.1, for the named initializers (others unchanged). θ and θ0 share sign and
    /// θ/2 ≤ θ0 ≤ 2θ, so by Sterbenz' lemma the f32 difference θ − θ0 is exact and θ0 + (θ − θ0) == θ bit for bit.
    /// </summary>
    public static Dictionary<string, float[]> Perturb(OnnxModel model, int seed, params string[] names)
    {
        var random = new Random(seed);
        return names.ToDictionary(n => n, n => model.ReadFloatInitializer(n)
            .Select(v => v * (1 + (float)((random.NextDouble() * 2 - 1) * 0.1))).ToArray());
    }

    public static string SaveFineTuned(OnnxModel model, string folder, string name, Dictionary<string, float[]> replacements)
    {
        var path = Path.Combine(folder, name + ".onnx");
        model.Save(path, replacements);
        return path;
    }
}
