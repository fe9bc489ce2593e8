using System.Globalization;
using Atlas.Engine.Learning;

namespace Atlas.Engine.Adaptation;

/// <summary>
/// Decides whether a candidate composition replaces the current one, from label-free statistics on the held-out slice
/// (see <see cref="AcceptanceCriterion"/>). A candidate must lower mean entropy by the required margin, must not collapse
/// its predictions onto few classes (unless the current model already does so on this stream, which a one-class scene
/// legitimately causes), and, when agreement was measured, must keep the current model's confident predictions.
/// </summary>
public static class CandidateEvaluator
{
    /// <summary>Applies every check and returns the verdict with all measured values.</summary>
    /// <param name="current">The model in use, measured on the held-out slice.</param>
    /// <param name="candidate">The candidate, measured on the same slice.</param>
    /// <param name="criterion">Thresholds; null takes the defaults.</param>
    /// <param name="agreement">Agreement with confident current predictions, or null to skip that check.</param>
    public static AcceptanceDecision Evaluate(PredictionQuality current, PredictionQuality candidate, AcceptanceCriterion? criterion = null,
        PredictionAgreement? agreement = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(candidate);
        criterion ??= new AcceptanceCriterion();
        criterion.Validate();
        if (current.PredictedClassHistogram.Length != candidate.PredictedClassHistogram.Length)
            throw new ArgumentException(
                $"The histograms cover {current.PredictedClassHistogram.Length} (current) and {candidate.PredictedClassHistogram.Length} (candidate) classes.",
                nameof(candidate));
        int classes = candidate.PredictedClassHistogram.Length;
        var failures = new List<string>();

        double required = current.MeanEntropy * (1 - criterion.EntropyImprovement);
        if (!(candidate.MeanEntropy <= required))
            failures.Add(Format($"mean entropy {candidate.MeanEntropy:F4} nats is not below {required:F4} (current {current.MeanEntropy:F4} less {criterion.EntropyImprovement:P0})"));

        double floor = criterion.MinClassEntropyFraction * Math.Log(Math.Max(classes, 1));
        double candidateSpread = DistributionEntropy(candidate.PredictedClassHistogram);
        double currentSpread = DistributionEntropy(current.PredictedClassHistogram);
        if (candidateSpread < floor && !(currentSpread < floor && candidateSpread >= currentSpread))
            failures.Add(Format($"predicted-class entropy {candidateSpread:F4} nats is below the floor {floor:F4} ({criterion.MinClassEntropyFraction:F2}·ln {classes}; current {currentSpread:F4})"));

        int top = TopClass(candidate.PredictedClassHistogram);
        double topShare = Share(candidate.PredictedClassHistogram, top);
        double currentShare = Share(current.PredictedClassHistogram, top);
        if (topShare > criterion.MaxClassShare && !(currentShare > criterion.MaxClassShare))
            failures.Add(Format($"class {top} takes {topShare:P1} of predictions, above {criterion.MaxClassShare:P0} (current model {currentShare:P1})"));

        if (agreement is not null && agreement.Fraction < criterion.MinAgreement)
            failures.Add(Format($"agrees with {agreement.AgreeingCount} of {agreement.ConfidentCount} confident current predictions ({agreement.Fraction:P1}), below {criterion.MinAgreement:P0}"));

        string reason = failures.Count == 0
            ? Format($"Accepted: mean entropy {current.MeanEntropy:F4} → {candidate.MeanEntropy:F4} nats (≤ {required:F4}), predicted-class entropy {candidateSpread:F4} ≥ {floor:F4}, top class {top} at {topShare:P1}{(agreement is null ? "" : Format($", agreement {agreement.Fraction:P1}"))}.")
            : "Rejected: " + string.Join("; ", failures) + ".";
        return new AcceptanceDecision(failures.Count == 0, reason, current.MeanEntropy, candidate.MeanEntropy, required,
            current.MeanConfidence, candidate.MeanConfidence, candidateSpread, currentSpread, floor, top, topShare, currentShare, agreement);
    }

    /// <summary>Entropy (nats) of the distribution a histogram of predicted classes describes; 0 for an empty histogram.</summary>
    public static double DistributionEntropy(IReadOnlyList<int> histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        double total = histogram.Sum(h => (double)h);
        if (total <= 0) return 0;
        double entropy = 0;
        foreach (var h in histogram)
        {
            if (h <= 0) continue;
            double p = h / total;
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
