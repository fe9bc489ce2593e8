using System.ComponentModel.DataAnnotations;
using Atlas.Engine.Conditions;

namespace Atlas.Engine.Training;

/// <summary>
/// Settings of a full fine-tuning run (<see cref="FineTuner"/>). The defaults suit small image classifiers trained from a
/// pretrained base: AdamW at 1e-3 with a cosine decay to 0, no weight decay (decay would pull every weight toward 0,
/// not toward the base), gradient-norm clip 1.0, batch 128, 5 epochs.
/// </summary>
public sealed class FineTuneOptions
{
    /// <summary>Passes over the training data. Default 5.</summary>
    [Range(1, 100_000)]
    public int Epochs { get; set; } = 5;

    /// <summary>Peak learning rate of the cosine schedule. Default 1e-3.</summary>
    [Range(1e-8, 10)]
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW decoupled weight decay. Default 0.</summary>
    [Range(0, 10)]
    public double WeightDecay { get; set; }

    /// <summary>Maximum L2 norm of the gradient over all learned tensors; 0 disables clipping. Default 1.0.</summary>
    [Range(0, 1e6)]
    public double GradientClipNorm { get; set; } = 1.0;

    /// <summary>Images per step. Default 128.</summary>
    [Range(1, 65_536)]
    public int BatchSize { get; set; } = 128;

    /// <summary>Seed of the shuffling and of the condition applied to the training images. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Camera condition applied to the training images, or null for clean data. The condition is drawn once, with
    /// <see cref="Seed"/>, before training: every epoch sees the same corrupted version of each image, as if the
    /// images had been recorded under that condition.
    /// </summary>
    public ConditionSpec? Condition { get; set; }

    /// <summary>TorchSharp intra-op threads for the run (0 = leave the process setting alone).</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>
    /// Float initializers to keep fixed, in addition to those <see cref="LearnableInitializers"/> recognises as
    /// constants (in-graph preprocessing, GroupNorm's unit instance-norm affine).
    /// </summary>
    public ISet<string> Frozen { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Throws a <see cref="ValidationException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (results.Count > 0)
        {
            throw new ValidationException("Invalid fine-tuning settings: " +
                string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")));
        }
    }
}
