using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Exponential back-off with jitter between connection attempts: attempt n waits
/// min(<see cref="MaxDelayMilliseconds"/>, <see cref="InitialDelayMilliseconds"/>·2ⁿ) scaled by a random factor in
/// [1 − <see cref="JitterFraction"/>, 1 + <see cref="JitterFraction"/>], so a fleet restarting together does not
/// hammer the broker in step.
/// </summary>
public sealed class ReconnectOptions : IValidatableObject
{
    /// <summary>Delay before the first retry, in ms. Default 250.</summary>
    [Range(1, 600_000)]
    public int InitialDelayMilliseconds { get; set; } = 250;

    /// <summary>Longest delay between retries, in ms. Default 30000.</summary>
    [Range(1, 3_600_000)]
    public int MaxDelayMilliseconds { get; set; } = 30_000;

    /// <summary>Relative jitter in [0, 1]. Default 0.2.</summary>
    [Range(0.0, 1.0)]
    public double JitterFraction { get; set; } = 0.2;

    /// <summary>Time allowed for one connection attempt, in ms. Default 5000.</summary>
    [Range(100, 600_000)]
    public int ConnectTimeoutMilliseconds { get; set; } = 5_000;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelayMilliseconds < InitialDelayMilliseconds)
            yield return new ValidationResult($"must be at least InitialDelayMilliseconds ({InitialDelayMilliseconds})", [nameof(MaxDelayMilliseconds)]);
    }
}
