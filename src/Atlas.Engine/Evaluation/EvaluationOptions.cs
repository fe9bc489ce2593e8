using Atlas.Engine.Conditions;

namespace Atlas.Engine.Evaluation;

/// <summary>How <see cref="ModelEvaluator"/> runs a model over a dataset.</summary>
public sealed class EvaluationOptions
{
    /// <summary>
    /// Images per ONNX Runtime call (default 256). Ignored when the model's batch dimension is fixed; then the model's
    /// size is used and the last batch is padded.
    /// </summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Camera condition applied to the images before inference (default: none).</summary>
    public ConditionSpec? Condition { get; set; }

    /// <summary>Seed for the condition's randomness (default 0); the same seed reproduces the same report.</summary>
    public long Seed { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        if (BatchSize <= 0)
        {
            throw new ArgumentException($"EvaluationOptions.BatchSize must be positive, was {BatchSize}.", nameof(BatchSize));
        }
    }
}
