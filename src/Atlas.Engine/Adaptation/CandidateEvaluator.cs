using System.Globalization;

namespace Atlas.Engine.Adaptation;

/// <summary>
/// Decides whether a candidate composition replaces the current one, from label-free statistics on the held-out slice
/// (see <see cref="AcceptanceCriterion"/>). A candidate must raise the information score <c>H(p̄) − mean H(p)</c> by the
/// required margin without shrinking the entropy of its mean prediction <c>H(p̄)</c> beyond a tolerance, must not collapse its predictions onto few classes (unless the current model already does so on this
/// stream, which a one-class scene legitimately causes), and must keep enough of the current model's confident predictions.
/// </summary>
public static class CandidateEvaluator
{
    /// <summary>Applies every check and returns the verdict with all measured values.</summary>
    /// <param name="current">The model in use, measured on the held-out slice.</param>
    /// <param name="candidate">The candidate, measured on the same samples in the same order.</param>
    /// <param name="criterion">Thresholds; null takes the defaults.</param>
    public static AcceptanceDecision Evaluate(SamplePredictions current, SamplePredictions candidate, AcceptanceCriterion? criterion = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(candidate);
        criterion ??= new AcceptanceCriterion();
        criterion.Validate();
        int[] currentHistogram = current.Quality.PredictedClassHistogram, candidateHistogram = candidate.Quality.PredictedClassHistogram;
        if (currentHistogram.Length != candidateHistogram.Length)
            throw new ArgumentException(
                $"The histograms cover {currentHistogram.Length} (current) and {candidateHistogram.Length} (candidate) classes.", nameof(candidate));
        int classes = candidateHistogram.Length;
        var agreement = current.AgreementOf(candidate, criterion.ConfidentProbability);
        var failures = new List<string>();

        double required = current.Information + criterion.InformationGain;
        if (!(candidate.Information >= required))
            failures.Add(Format($"information H(p̄) − mean H(p) {candidate.Information:F4} nats is below {required:F4} (current {current.Information:F4} plus {criterion.InformationGain:F4})"));

        double marginalFloor = current.MarginalEntropy - criterion.MaxMarginalEntropyDrop;
        if (!(candidate.MarginalEntropy >= marginalFloor))
            failures.Add(Format($"entropy of the mean prediction H(p̄) {candidate.MarginalEntropy:F4} nats is below {marginalFloor:F4} (current {current.MarginalEntropy:F4} less {criterion.MaxMarginalEntropyDrop:F4})"));

        double floor = criterion.MinClassEntropyFraction * Math.Log(Math.Max(classes, 1));
        double candidateSpread = DistributionEntropy(candidateHistogram);
        double currentSpread = DistributionEntropy(currentHistogram);
        if (candidateSpread < floor && !(currentSpread < floor && candidateSpread >= currentSpread))
            failures.Add(Format($"predicted-class entropy {candidateSpread:F4} nats is below the floor {floor:F4} ({criterion.MinClassEntropyFraction:F2}·ln {classes}; current {currentSpread:F4})"));

        int top = TopClass(candidateHistogram);
        double topShare = Share(candidateHistogram, top);
        double currentShare = Share(currentHistogram, top);
        if (topShare > criterion.MaxClassShare && !(currentShare > criterion.MaxClassShare))
            failures.Add(Format($"class {top} takes {topShare:P1} of predictions, above {criterion.MaxClassShare:P0} (current model {currentShare:P1})"));

        if (agreement.Fraction < criterion.MinAgreement)
            failures.Add(Format($"agrees with {agreement.AgreeingCount} of {agreement.ConfidentCount} confident current predictions ({agreement.Fraction:P1}), below {criterion.MinAgreement:P0}"));

        string reason = failures.Count == 0
            ? Format($"Accepted: information {current.Information:F4} → {candidate.Information:F4} nats (≥ {required:F4}), H(p̄) {current.MarginalEntropy:F4} → {candidate.MarginalEntropy:F4}, mean entropy {current.Quality.MeanEntropy:F4} → {candidate.Quality.MeanEntropy:F4}, predicted-class entropy {candidateSpread:F4} ≥ {floor:F4}, top class {top} at {topShare:P1}, agreement {agreement.Fraction:P1} of {agreement.ConfidentCount}.")
            : "Rejected: " + string.Join("; ", failures) + ".";
        return new AcceptanceDecision
        {
            Accepted = failures.Count == 0,
            Reason = reason,
            CurrentInformation = current.Information,
            CandidateInformation = candidate.Information,
            RequiredInformation = required,
            CurrentEntropy = current.Quality.MeanEntropy,
            CandidateEntropy = candidate.Quality.MeanEntropy,
            CurrentMarginalEntropy = current.MarginalEntropy,
            CandidateMarginalEntropy = candidate.MarginalEntropy,
            MinMarginalEntropy = marginalFloor,
            CurrentConfidence = current.Quality.MeanConfidence,
            CandidateConfidence = candidate.Quality.MeanConfidence,
            CurrentClassEntropy = currentSpread,
            CandidateClassEntropy = candidateSpread,
            ClassEntropyFloor = floor,
            CandidateTopClass = top,
            CandidateTopShare = topShare,
            CurrentTopShare = currentShare,
            Agreement = agreement,
            RequiredAgreement = criterion.MinAgreement,
        };
    }

    /// <summary>Entropy (nats) of the distribution a histogram of predicted classes describes; 0 for an empty histogram.</summary>
    public static double DistributionEntropy(IReadOnlyList<int> histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return DistributionEntropy(histogram.Select(h => (double)h).ToArray());
    }

    /// <summary>Entropy (nats) of the distribution proportional to non-negative <paramref name="mass"/>; 0 when it sums to 0.</summary>
    public static double DistributionEntropy(IReadOnlyList<double> mass)
    {
        ArgumentNullException.ThrowIfNull(mass);
        double total = mass.Sum();
        if (!(total > 0)) return 0;
        double entropy = 0;
        foreach (var m in mass)
        {
            if (!(m > 0)) continue;
            double p = m / total;
            entropy -= p * Math.Log(p);
        }
        return entropy;
    }

    private static int TopClass(int[] histogram)
    {
        int top = 0;
        for (int c = 1; c < histogram.Length; c++) if (histogram[c] > histogram[top]) top = c;
        return top;
    }

    private static double Share(int[] histogram, int c)
    {
        double total = histogram.Sum(h => (double)h);
        return total <= 0 || c >= histogram.Length ? 0 : histogram[c] / total;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
