using Atlas.Engine.Composition;
using Atlas.Engine.Data;
using TorchSharp;

namespace Atlas.Engine.Learning.Modes;

/// <summary>
/// The task-arithmetic baseline: θ = θ0 + λ·Σᵢτᵢ with one λ for every task vector and block, chosen by grid search for
/// the best accuracy on labeled data (Ilharco et al.; the paper's "task arithmetic" column).
/// </summary>
public static class TaskArithmeticSearch
{
    /// <summary>The default grid: 0, 0.05, …, 1.</summary>
    public static IReadOnlyList<float> DefaultGrid { get; } = Enumerable.Range(0, 21).Select(i => i * 0.05f).ToArray();

    /// <summary>Evaluates every λ of the grid and returns the best (the smallest λ wins ties, staying near the base).</summary>
    /// <param name="composer">A composer with <see cref="GranularityKind.Global"/> layout.</param>
    /// <param name="forward">The model.</param>
    /// <param name="labeled">Labeled data to choose λ on.</param>
    /// <param name="grid">Candidate values; <see cref="DefaultGrid"/> when null.</param>
    public static (float Lambda, double Accuracy) Search(TaskVectorComposer composer, ModelForward forward, ImageDataset labeled, IReadOnlyList<float>? grid = null)
    {
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(labeled);
        if (composer.Layout.Granularity.Kind != GranularityKind.Global)
            throw new ArgumentException("Task arithmetic uses one global coefficient: build the composer with the global granularity.", nameof(composer));
        if (!labeled.HasLabels) throw new ArgumentException("Task arithmetic chooses λ on labeled data.", nameof(labeled));
        float bestLambda = 0;
        double bestAccuracy = double.NegativeInfinity;
        foreach (var lambda in grid ?? DefaultGrid)
        {
            using var scope = torch.NewDisposeScope();
            using var coefficients = torch.full(composer.TaskVectorNames.Count, 1, lambda);
            var weights = composer.Compose(coefficients);
            var accuracy = WeightsEvaluator.Evaluate(forward, weights, labeled).Accuracy;
            if (accuracy > bestAccuracy)
            {
                bestAccuracy = accuracy;
                bestLambda = lambda;
            }
        }
        return (bestLambda, bestAccuracy);
    }
}
