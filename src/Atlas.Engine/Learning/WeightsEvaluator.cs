using Atlas.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// Measures a composition on a dataset through the TorchSharp model (no ONNX Runtime session needed): used inside
/// learning runs for early stopping, grid searches and negation's control check.
/// </summary>
public static class WeightsEvaluator
{
    /// <summary>Evaluates in batches, without gradient.</summary>
    public static PredictionQuality Evaluate(ModelForward forward, IReadOnlyDictionary<string, Tensor> weights, ImageDataset data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(data);
        using var noGrad = torch.no_grad();
        long correct = 0;
        double entropy = 0, confidence = 0;
        int[]? histogram = null;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            int n = Math.Min(batchSize, data.Count - start);
            var logits = forward(data.ToTensor(start, n), weights);
            var logProbabilities = logits.log_softmax(1);
            var probabilities = logProbabilities.exp();
            entropy += (-(probabilities * logProbabilities).sum(dim: 1)).sum().item<float>();
            confidence += probabilities.max(1).values.sum().item<float>();
            var predicted = logits.argmax(1);
            histogram ??= new int[logits.shape[1]];
            foreach (var p in predicted.data<long>()) histogram[p]++;
            if (data.HasLabels) correct += (predicted == data.LabelsToTensor(start, n)).sum().item<long>();
        }
        int count = Math.Max(data.Count, 1);
        return new PredictionQuality(
            data.HasLabels ? (double)correct / count : double.NaN,
            entropy / count,
            confidence / count,
            histogram ?? []);
    }
}
