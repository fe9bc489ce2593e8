using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>Runs a model file directly on ONNX Runtime (the reference the agent's predictions are compared with).</summary>
internal static class DirectModel
{
    public static float[] Logits(string modelPath, float[] sample, int[] shape)
    {
        using var session = new InferenceSession(modelPath);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), new DenseTensor<float>(sample, shape))]);
        return results[0].AsEnumerable<float>().ToArray();
    }

    /// <summary>The test model's expected input for Fashion-MNIST image <paramref name="index"/>: (p/255 − mean)/std, computed here independently.</summary>
    public static float[] FashionSample(int index) =>
        FashionImages.Pixels(index).Select(p => ((p / 255f) - TestModels.Mean) / TestModels.Std).ToArray();

    public static double[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }
}
