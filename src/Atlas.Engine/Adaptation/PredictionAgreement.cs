namespace Atlas.Engine.Adaptation;

/// <summary>
/// How often a candidate reproduces the current model's confident predictions on the held-out slice. Confident
/// predictions are the ones most likely right, so a candidate that overturns many of them is drifting, however low its
/// entropy. With no confident samples there is nothing to contradict and the fraction is 1.
/// </summary>
/// <param name="ConfidentCount">Held-out samples where the current model's top-1 probability reached the threshold.</param>
/// <param name="AgreeingCount">Of those, how many the candidate predicts as the same class.</param>
public sealed record PredictionAgreement(int ConfidentCount, int AgreeingCount)
{
    /// <summary>AgreeingCount / ConfidentCount, or 1 when no sample was confident.</summary>
    public double Fraction => ConfidentCount == 0 ? 1.0 : (double)AgreeingCount / ConfidentCount;

    /// <summary>Counts agreement sample by sample; the three spans are aligned by held-out index.</summary>
    /// <param name="currentTopProbability">Current model's top-1 softmax probability per sample.</param>
    /// <param name="currentPredicted">Current model's top-1 class per sample.</param>
    /// <param name="candidatePredicted">Candidate's top-1 class per sample.</param>
    /// <param name="confidentProbability">Threshold on the current top-1 probability (default 0.9).</param>
    public static PredictionAgreement Measure(ReadOnlySpan<float> currentTopProbability, ReadOnlySpan<int> currentPredicted,
        ReadOnlySpan<int> candidatePredicted, double confidentProbability = 0.9)
    {
        if (currentPredicted.Length != currentTopProbability.Length || candidatePredicted.Length != currentTopProbability.Length)
            throw new ArgumentException(
                $"The spans must be aligned: {currentTopProbability.Length} probabilities, {currentPredicted.Length} current and " +
                $"{candidatePredicted.Length} candidate predictions.");
        int confident = 0, agreeing = 0;
        for (int i = 0; i < currentTopProbability.Length; i++)
        {
            if (currentTopProbability[i] < confidentProbability) continue;
            confident++;
            if (candidatePredicted[i] == currentPredicted[i]) agreeing++;
        }
        return new PredictionAgreement(confident, agreeing);
    }
}
