using System.ComponentModel.DataAnnotations;

namespace Atlas.Engine.Learning;

/// <summary>
/// Settings of a coefficient-learning run. Defaults follow the paper's test-time adaptation setting (method.md):
/// AdamW, learning rate 1e-3, weight decay 0.1 (pulls λ toward 0, the base model), gradient-norm clip 1.0, 10 epochs.
/// </summary>
public sealed class LearnerOptions
{
    /// <summary>Peak learning rate. Default 1e-3 (few-shot uses 0.1).</summary>
    [Range(1e-8, 10)]
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW decoupled weight decay. Default 0.1.</summary>
    [Range(0, 10)]
    public double WeightDecay { get; set; } = 0.1;

    /// <summary>Maximum L2 norm of the coefficient gradient; 0 disables clipping. Default 1.0.</summary>
    [Range(0, 1e6)]
    public double GradientClipNorm { get; set; } = 1.0;

    /// <summary>Learning-rate schedule. Default constant.</summary>
    public LearningSchedule Schedule { get; set; } = LearningSchedule.Constant;

    /// <summary>Passes over the data. Default 10.</summary>
    [Range(1, 100_000)]
    public int Epochs { get; set; } = 10;

    /// <summary>Stops after this many steps in total when set (0 = no limit).</summary>
    [Range(0, int.MaxValue)]
    public int MaxSteps { get; set; }

    /// <summary>Samples per step. Default 128.</summary>
    [Range(1, 65_536)]
    public int BatchSize { get; set; } = 128;

    /// <summary>Seed of every random choice (shuffling, augmentation, sampling). Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Initial value of every coefficient. Default 0: the composition starts as the base model.</summary>
    public float InitialCoefficient { get; set; }

    /// <summary>Weak view augmentation spec (see <see cref="AugmentationPipeline"/>). Default <c>identity</c>.</summary>
    [Required]
    public string WeakView { get; set; } = "identity";

    /// <summary>Strong view augmentation spec. Default <c>crop+flip+jitter</c>.</summary>
    [Required]
    public string StrongView { get; set; } = "crop+flip+jitter";

    /// <summary>TorchSharp intra-op threads for the run (0 = leave the process setting alone).</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Task vectors to leave out of the composition, by name (the paper excludes the target's own).</summary>
    public IList<string> Exclude { get; } = [];

    /// <summary>Throws a <see cref="ValidationException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        foreach (var (name, spec) in new[] { (nameof(WeakView), WeakView), (nameof(StrongView), StrongView) })
        {
            try
            {
                AugmentationPipeline.Parse(spec);
            }
            catch (FormatException e)
            {
                results.Add(new ValidationResult(e.Message, [name]));
            }
        }
        if (results.Count > 0)
        {
            throw new ValidationException("Invalid learning settings: " +
                string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")));
        }
    }
}
