using Atlas.Engine.Adaptation;
using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Adaptation;

public sealed class SamplePredictionsTests
{
    /// <summary>A linear classifier over the flattened pixels: logits = x · Wᵀ.</summary>
    private static readonly ModelForward Linear = (input, weights) => input.flatten(1).matmul(weights["w"].t());

    [Fact]
    public void Measure_MatchesHandComputedSoftmax_AndWeightsEvaluatorAggregates()
    {
        // Two 1×1×2 images and three classes; logits are [1, 0, -1]·… computed by hand below.
        var data = new ImageDataset([1f, 0f, 0f, 1f, 0.5f, 0.5f], 1, 1, 2, classCount: 3);
        using var w = torch.tensor(new float[] { 2f, 0f, 0f, 3f, 1f, 1f }, [3, 2]);
        var weights = new Dictionary<string, Tensor> { ["w"] = w };

        var result = SamplePredictions.Measure(Linear, weights, data, batchSize: 2);
        var reference = WeightsEvaluator.Evaluate(Linear, weights, data, batchSize: 3);

        // Image 0 = (1, 0): logits (2, 0, 1) → class 0 with p = e²/(e² + 1 + e).
        Assert.Equal([0, 1, 1], result.Predicted);
        Assert.Equal(Math.Exp(2) / (Math.Exp(2) + 1 + Math.E), result.TopProbability[0], 5);
        Assert.Equal(reference.PredictedClassHistogram, result.Quality.PredictedClassHistogram);
        Assert.Equal(reference.MeanEntropy, result.Quality.MeanEntropy, 5);
        Assert.Equal(reference.MeanConfidence, result.Quality.MeanConfidence, 5);
    }

    [Fact]
    public void Measure_MeanProbabilityAndInformation_MatchHandComputedSoftmax()
    {
        var data = new ImageDataset([1f, 0f, 0f, 1f, 0.5f, 0.5f], 1, 1, 2, classCount: 3);
        using var w = torch.tensor(new float[] { 2f, 0f, 0f, 3f, 1f, 1f }, [3, 2]);

        var result = SamplePredictions.Measure(Linear, new Dictionary<string, Tensor> { ["w"] = w }, data, batchSize: 2);

        // Logits W·x by hand: (1, 0) → (2, 0, 1); (0, 1) → (0, 3, 1); (0.5, 0.5) → (1, 1.5, 1).
        double[][] p = [Softmax(2, 0, 1), Softmax(0, 3, 1), Softmax(1, 1.5, 1)];
        double[] mean = Enumerable.Range(0, 3).Select(c => p.Average(row => row[c])).ToArray();
        double meanEntropy = p.Average(Entropy);
        // Tolerance 1e-5: float32 softmax against double.
        Assert.Equal(3, result.MeanProbability.Length);
        for (int c = 0; c < 3; c++) Assert.Equal(mean[c], result.MeanProbability[c], 1e-5);
        Assert.Equal(Entropy(mean), result.MarginalEntropy, 1e-5);
        Assert.Equal(Entropy(mean) - meanEntropy, result.Information, 1e-5);
        Assert.InRange(result.Information, 0, Math.Log(3));
    }

    [Fact]
    public void AgreementOf_ComparesSampleBySample()
    {
        var current = new SamplePredictions([0, 1, 2], [0.95f, 0.99f, 0.4f], new(double.NaN, 0, 0, [1, 1, 1]), [1 / 3.0, 1 / 3.0, 1 / 3.0]);
        var candidate = current with { Predicted = [0, 2, 0] };

        var agreement = current.AgreementOf(candidate);

        Assert.Equal(2, agreement.ConfidentCount);
        Assert.Equal(1, agreement.AgreeingCount);
    }

    private static double[] Softmax(params double[] logits)
    {
        var e = logits.Select(Math.Exp).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    private static double Entropy(double[] p) => -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
}
