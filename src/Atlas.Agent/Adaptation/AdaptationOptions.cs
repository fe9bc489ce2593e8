using System.ComponentModel.DataAnnotations;
using Atlas.Engine.Adaptation;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// How the agent adapts its composition to its camera (section <c>Adaptation</c>). Without a <see cref="Bank"/> the
/// agent has nothing to compose and keeps the <see cref="UnavailableAdaptationService"/>.
/// </summary>
public sealed class AdaptationOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Adaptation";

    /// <summary>The task-vector bank folder (holding <c>bank.json</c>); null or empty: no adaptation.</summary>
    public string? Bank { get; set; }

    /// <summary>The unsupervised objective plugin a round minimises. Default <c>entropy-balanced</c>, which resists one-class collapse.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Objective { get; set; } = "entropy-balanced";

    /// <summary>Task vectors left out of the composition (e.g. the target condition's own, as the paper does).</summary>
    public IList<string> Exclude { get; } = [];

    /// <summary>Passes over the buffered training frames per round. Default 3: a round must stay short on an edge CPU.</summary>
    [Range(1, 1_000)]
    public int Epochs { get; set; } = 3;

    /// <summary>AdamW learning rate on the coefficients. Default 0.05: few steps per round need a large rate.</summary>
    [Range(1e-6, 10.0)]
    public double LearningRate { get; set; } = 0.05;

    /// <summary>Training frames kept (spread over the predicted classes). Default 512.</summary>
    [Range(10, 1_000_000)]
    public int BufferCapacity { get; set; } = 512;

    /// <summary>
    /// Rounds learn only from frames among the last this many served (0: from a uniform sample of the whole stream).
    /// Default 0. A camera whose scene changes (weather, night) wants a window of a few times <see cref="BufferCapacity"/>.
    /// </summary>
    [Range(0, 10_000_000)]
    public int BufferWindow { get; set; }

    /// <summary>
    /// libtorch threads a round may use (process-wide, set when the adaptation service starts); the other cores stay
    /// with inference. Default: half the cores, at least one.
    /// </summary>
    [Range(1, 1_024)]
    public int Threads { get; set; } = AdaptationThreads.Default;

    /// <summary>
    /// How many accepted versions the state folder keeps (older files are deleted). Default 10: enough to roll back a
    /// bad day's adoptions; each version of the sample's bank is a few kilobytes.
    /// </summary>
    [Range(1, 10_000)]
    public int RetainVersions { get; set; } = 10;

    /// <summary>Where accepted coefficient versions are stored; null: <c>adaptation</c> under the agent's state folder.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>
    /// What a candidate must show on the held-out frames before it is served (section <c>Adaptation:Acceptance</c>);
    /// defaults to the bar measured in docs/learning.md.
    /// </summary>
    [Required]
    public AcceptanceCriterion Acceptance { get; set; } = new();

    /// <summary>Whether a bank is configured, i.e. whether the real adaptation service runs.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Bank);

    /// <summary>Checks the acceptance thresholds, reporting each bad one under its configuration path.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        (Acceptance?.Errors() ?? []).Select(e => new ValidationResult(e.Message, [$"{nameof(Acceptance)}:{e.Field}"]));
}
