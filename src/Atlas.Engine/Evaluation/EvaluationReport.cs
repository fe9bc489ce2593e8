namespace Atlas.Engine.Evaluation;

/// <summary>
/// What a model did on a dataset: top-1 accuracy overall and per class, the confusion matrix, and how sure it was (mean
/// softmax confidence and entropy, which also mean something on unlabeled data and drive test-time adaptation).
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>Number of images evaluated.</summary>
    public required int ImageCount { get; init; }

    /// <summary>Number of model outputs (classes); the confusion matrix is this size.</summary>
    public required int ClassCount { get; init; }

    /// <summary>The condition applied before inference, as a spec string (<c>clean</c> for none).</summary>
    public required string Condition { get; init; }

    /// <summary>The seed the condition used.</summary>
    public required long Seed { get; init; }

    /// <summary>Images whose top-1 prediction equals the label (0 for unlabeled data).</summary>
    public required int Correct { get; init; }

    /// <summary>Correct / ImageCount, or null when the data has no labels.</summary>
    public required double? Accuracy { get; init; }

    /// <summary>Mean over images of the largest softmax probability of the first output.</summary>
    public required double MeanConfidence { get; init; }

    /// <summary>Mean over images of the softmax entropy of the first output, in nats (0 = certain, ln K = uniform).</summary>
    public required double MeanEntropy { get; init; }

    /// <summary>Accuracy per true class (empty for unlabeled data).</summary>
    public required IReadOnlyList<ClassAccuracy> PerClass { get; init; }

    /// <summary>Counts indexed [true class][predicted class] (empty for unlabeled data).</summary>
    public required IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; }
}
