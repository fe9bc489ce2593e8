using System.ComponentModel.DataAnnotations;

namespace Atlas.Engine.Samples;

/// <summary>
/// Settings of <see cref="FashionCameraSample.Build"/>. The defaults are the shipped sample's: a base pretrained on
/// clean Fashion-MNIST <c>train[0:30000]</c>, one expert per condition fine-tuned on <c>train[30000:55000]</c> under
/// that condition, fixed seeds, sized to finish within 20 minutes on 2 CPU cores.
/// </summary>
public sealed class SampleBuildOptions
{
    /// <summary>The conditions of the shipped sample, chosen to be ones a camera sees and that hurt the clean base.</summary>
    public static IReadOnlyList<SampleCondition> DefaultConditions { get; } =
    [
        new("fog", "fog:5"),
        new("dark", "dark:5"),
        new("noise", "gaussian-noise:5"),
        new("motion-blur", "motion-blur:5"),
        new("low-contrast", "low-contrast:5"),
        new("pixelate", "pixelation:5"),
        new("jpeg", "jpeg:5"),
        new("dark-noise", "dark:5+gaussian-noise:4"),
    ];

    /// <summary>Folder the sample is written to (replaced). Default <c>samples/fashion-camera</c>.</summary>
    [Required]
    public string OutputDirectory { get; set; } = Path.Combine("samples", "fashion-camera");

    /// <summary>A small, fast run that exercises the whole pipeline (a few thousand images, one epoch each); not shippable.</summary>
    public bool Quick { get; set; }

    /// <summary>Pretraining range of the Fashion-MNIST training split. Default <c>[0, 30000)</c>.</summary>
    public string PretrainData { get; set; } = "fashion-mnist:train[0:30000]";

    /// <summary>Expert fine-tuning range of the training split (disjoint from pretraining). Default <c>[30000, 55000)</c>.</summary>
    public string ExpertData { get; set; } = "fashion-mnist:train[30000:55000]";

    /// <summary>Epochs of pretraining. Default 4.</summary>
    [Range(1, 1000)]
    public int PretrainEpochs { get; set; } = 4;

    /// <summary>Peak learning rate of pretraining (AdamW, cosine). Default 3e-3.</summary>
    [Range(1e-6, 1)]
    public double PretrainLearningRate { get; set; } = 3e-3;

    /// <summary>Epochs of each expert's fine-tuning. Default 1.</summary>
    [Range(1, 1000)]
    public int ExpertEpochs { get; set; } = 1;

    /// <summary>Peak learning rate of each expert (AdamW, cosine). Default 1e-3.</summary>
    [Range(1e-6, 1)]
    public double ExpertLearningRate { get; set; } = 1e-3;

    /// <summary>Images per step. Default 128.</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 128;

    /// <summary>Seed of the initial weights, the shuffling and the training conditions. Default 17.</summary>
    public int Seed { get; set; } = 17;

    /// <summary>Seed of the conditions applied at evaluation time (recorded in sample.json). Default 0.</summary>
    public int EvaluationSeed { get; set; }

    /// <summary>Images in the shipped labeled test subset (drawn class-balanced from the 10k test split). Default 1000.</summary>
    [Range(10, 10000)]
    public int TestSubsetSize { get; set; } = 1000;

    /// <summary>
    /// Experts trained at the same time, each on one TorchSharp thread (small convolutions use one core better than
    /// two). Results do not depend on it: every expert is seeded on its own and added to the bank in condition order.
    /// Default: the processor count.
    /// </summary>
    [Range(1, 64)]
    public int ExpertParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>TorchSharp threads for pretraining (0 = libtorch's default). Default 0.</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>The experts to train. Default <see cref="DefaultConditions"/>.</summary>
    public IList<SampleCondition> Conditions { get; } = [.. DefaultConditions];

    /// <summary>Throws a <see cref="ValidationException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (Conditions.Count == 0) results.Add(new ValidationResult("at least one condition is needed", [nameof(Conditions)]));
        foreach (var condition in Conditions)
        {
            try
            {
                _ = condition.Condition;
            }
            catch (FormatException e)
            {
                results.Add(new ValidationResult(e.Message, [nameof(Conditions)]));
            }
        }
        foreach (var duplicate in Conditions.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            results.Add(new ValidationResult($"condition name '{duplicate.Key}' appears {duplicate.Count()} times", [nameof(Conditions)]));
        if (results.Count > 0)
        {
            throw new ValidationException("Invalid sample settings: " +
                string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")));
        }
    }
}
