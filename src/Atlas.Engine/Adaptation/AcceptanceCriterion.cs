namespace Atlas.Engine.Adaptation;

/// <summary>
/// What a candidate composition must show on the held-out slice before it may replace the current one. Label-free. The
/// bar is the information-maximisation score <c>I = H(p̄) − mean H(p)</c> (mutual information between a frame and its
/// predicted class): it rises when predictions get confident and stay spread over the classes. Mean entropy alone is the
/// wrong bar under a camera shift, where the current model's low entropy is often a confident collapse onto few classes
/// that a good candidate undoes. The score can also be raised by sharpening alone while the class marginal shrinks (what
/// plain entropy minimisation does on its way to a collapse), so the marginal's entropy <c>H(p̄)</c> may not fall by more
/// than a tolerance; collapse guards (a floor on the predicted-class entropy, a cap on one class's share) and agreement
/// with the current model's confident predictions catch grosser failures. The defaults and the measurements behind them
/// are in docs/learning.md.
/// </summary>
public sealed record AcceptanceCriterion
{
    /// <summary>Gain in the information score required, nats: the candidate's <c>I</c> must reach the current's plus this.</summary>
    public double InformationGain { get; init; } = 0.1;

    /// <summary>
    /// How far, in nats, the entropy of the candidate's mean prediction <c>H(p̄)</c> may fall below the current's. Keeps
    /// the information gain from being bought by shrinking the class marginal; a large value turns the check off.
    /// </summary>
    public double MaxMarginalEntropyDrop { get; init; } = 0.05;

    /// <summary>Floor on the entropy of the predicted-class distribution, as a fraction of <c>ln C</c> (its maximum).</summary>
    public double MinClassEntropyFraction { get; init; } = 0.5;

    /// <summary>Largest share of held-out predictions one class may take (unless the current model's share is also above).</summary>
    public double MaxClassShare { get; init; } = 0.6;

    /// <summary>Top-1 probability at which a current prediction counts as confident for the agreement check.</summary>
    public double ConfidentProbability { get; init; } = 0.9;

    /// <summary>Fraction of confident current predictions the candidate must reproduce; 0 turns the check off.</summary>
    public double MinAgreement { get; init; } = 0.5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its range.</summary>
    public void Validate()
    {
        foreach (var (field, value, message) in Errors())
            throw new ArgumentOutOfRangeException(field, value, message);
    }

    /// <summary>Every field outside its range, with its value and a message naming both (empty when all are valid).</summary>
    public IEnumerable<(string Field, double Value, string Message)> Errors()
    {
        if (!(InformationGain >= 0 && InformationGain <= MaxNats))
            yield return (nameof(InformationGain), InformationGain, $"{nameof(InformationGain)} must lie in [0, {MaxNats}] nats, got {InformationGain}.");
        if (!(MaxMarginalEntropyDrop >= 0 && MaxMarginalEntropyDrop <= MaxNats))
            yield return (nameof(MaxMarginalEntropyDrop), MaxMarginalEntropyDrop, $"{nameof(MaxMarginalEntropyDrop)} must lie in [0, {MaxNats}] nats, got {MaxMarginalEntropyDrop}.");
        foreach (var (field, value) in new[]
                 {
                     (nameof(MinClassEntropyFraction), MinClassEntropyFraction), (nameof(MaxClassShare), MaxClassShare),
                     (nameof(ConfidentProbability), ConfidentProbability), (nameof(MinAgreement), MinAgreement),
                 })
        {
            if (!(value >= 0 && value <= 1)) yield return (field, value, $"{field} must lie in [0, 1], got {value}.");
        }
    }

    /// <summary>Upper bound of the thresholds in nats: both entropies are at most <c>ln C</c>, and 7 nats covers C up to 1000.</summary>
    private const double MaxNats = 7;
}
