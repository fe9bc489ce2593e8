using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Adaptation;

/// <summary>
/// Per-sample top-1 predictions of a composition on the held-out slice. <see cref="WeightsEvaluator"/> keeps only
/// aggregates; the agreement check (<see cref="PredictionAgreement"/>) needs to compare current and candidate sample by
/// sample, so this records each sample's class and probability along with the aggregate <see cref="Quality"/>.
/// </summary>
/// <param name="Predicted">Top-1 class per sample.</param>
/// <param name="TopProbability">Top-1 softmax probability per sample.</param>
/// <param name="Quality">Mean entropy, mean confidence and the predicted-class histogram over the same samples.</param>
/// <param name="MeanProbability">The mean softmax vector over the samples (the model's soft class marginal).</param>
public sealed record SamplePredictions(int[] Predicted, float[] TopProbability, PredictionQuality Quality, double[] MeanProbability)
{
    /// <summary>Entropy (nats) of <see cref="MeanProbability"/>: how spread the model's soft predictions are over the classes.</summary>
    public double MarginalEntropy => CandidateEvaluator.DistributionEntropy(MeanProbability);

    /// <summary>
    /// The information-maximisation score <c>H(p̄) − mean_i H(p_i)</c> (nats): the mutual information between a sample and
    /// its predicted class under the model. High when each prediction is confident and the predictions are spread over the
    /// classes; what a class-balanced entropy objective maximises, and unlike mean entropy alone it cannot be raised by
    /// collapsing onto one class.
    /// </summary>
    public double Information => MarginalEntropy - Quality.MeanEntropy;

    /// <summary>Runs the model over <paramref name="data"/> in batches without gradient.</summary>
    public static SamplePredictions Measure(ModelForward forward, IReadOnlyDictionary<string, Tensor> weights, ImageDataset data,
        int batchSize = 256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var noGrad = torch.no_grad();
        var predicted = new int[data.Count];
        var top = new float[data.Count];
        var histogram = new int[data.ClassCount];
        var mass = new double[data.ClassCount];
        double entropy = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            int n = Math.Min(batchSize, data.Count - start);
            var logProbabilities = forward(data.ToTensor(start, n), weights).log_softmax(1);
            if (logProbabilities.shape[1] != histogram.Length)
                throw new ArgumentException($"The model scores {logProbabilities.shape[1]} classes, the data has {histogram.Length}.", nameof(data));
            var probabilities = logProbabilities.exp();
            entropy += (-(probabilities * logProbabilities).sum(dim: 1)).sum().item<float>();
            var columnSums = probabilities.sum(dim: 0).data<float>();
            for (int c = 0; c < mass.Length; c++) mass[c] += columnSums[c];
            var (values, indexes) = probabilities.max(1);
            values.data<float>().CopyTo(top, start);
            var classes = indexes.data<long>();
            for (int i = 0; i < n; i++)
            {
                predicted[start + i] = (int)classes[i];
                histogram[classes[i]]++;
            }
        }
        int count = Math.Max(data.Count, 1);
        var meanProbability = mass.Select(m => m / count).ToArray();
        return new SamplePredictions(predicted, top, new PredictionQuality(double.NaN, entropy / count, top.Sum(p => (double)p) / count, histogram),
            meanProbability);
    }

    /// <summary>Agreement of <paramref name="candidate"/> with this model's confident predictions on the same samples.</summary>
    public PredictionAgreement AgreementOf(SamplePredictions candidate, double confidentProbability = 0.9)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return PredictionAgreement.Measure(TopProbability, Predicted, candidate.Predicted, confidentProbability);
    }
}
