namespace Atlas.Engine.Adaptation;

/// <summary>
/// What a candidate composition must show on the held-out slice before it may replace the current one. Label-free:
/// lower entropy alone is easy to game by collapsing onto one class, so the criterion also sets a floor on how spread the
/// predictions are and (when measured) demands agreement with the current model where it was confident.
/// </summary>
public sealed record AcceptanceCriterion
{
    /// <summary>Relative drop in mean prediction entropy required: 0.05 means the candidate's must be ≤ 95% of the current's.</summary>
    public double EntropyImprovement { get; init; } = 0.05;

    /// <summary>Floor on the entropy of the predicted-class distribution, as a fraction of <c>ln C</c> (its maximum).</summary>
    public double MinClassEntropyFraction { get; init; } = 0.5;

    /// <summary>Largest share of held-out predictions one class may take (unless the current model's share is also above).</summary>
    public double MaxClassShare { get; init; } = 0.6;

    /// <summary>Top-1 probability at which a current prediction counts as confident for the agreement check.</summary>
    public double ConfidentProbability { get; init; } = 0.9;

    /// <summary>Fraction of confident current predictions the candidate must reproduce.</summary>
    public double MinAgreement { get; init; } = 0.9;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its range.</summary>
    public void Validate()
    {
        InUnitInterval(EntropyImprovement, nameof(EntropyImprovement), allowOne: false);
        InUnitInterval(MinClassEntropyFraction, nameof(MinClassEntropyFraction), allowOne: true);
        InUnitInterval(MaxClassShare, nameof(MaxClassShare), allowOne: true);
        InUnitInterval(ConfidentProbability, nameof(ConfidentProbability), allowOne: true);
        InUnitInterval(MinAgreement, nameof(MinAgreement), allowOne: true);
    }

    private static void InUnitInterval(double value, string name, bool allowOne)
    {
        if (!(value >= 0 && (allowOne ? value <= 1 : value < 1)))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1{(allowOne ? "]" : ")")}, got {value}.");
    }
}
