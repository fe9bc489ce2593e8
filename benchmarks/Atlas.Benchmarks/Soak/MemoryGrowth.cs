using System.Globalization;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// Whether the agent's resident memory grew during a soak, judged on the samples after warm-up (the first rounds load
/// libtorch and the bank and grow the heaps to their working size, a one-off rise that is not a leak): the rise of the last quarter's median over
/// the first quarter's (medians ignore the collector's short saw-tooth) and the least-squares slope over the second half
/// (a leak keeps climbing; a cache that fills flattens). Memory is growing only when both exceed their tolerance: a leak
/// raises both, while the slow cycles of the collector's large-object heap and the native allocator (tens of MiB over
/// minutes, measured) move one at a time: a trough in the first quarter, or a peak at the end of the run.
/// </summary>
/// <param name="Verdict"><c>flat</c>, <c>growing</c>, or <c>inconclusive</c> (fewer than 8 samples after warm-up).</param>
/// <param name="WarmupSeconds">Samples before this time were left out.</param>
/// <param name="Samples">Samples judged.</param>
/// <param name="StartMiB">First sample after warm-up.</param>
/// <param name="EndMiB">Last sample.</param>
/// <param name="PeakMiB">Largest sample of the whole run.</param>
/// <param name="FirstQuarterMedianMiB">Median of the first quarter of the judged samples.</param>
/// <param name="LastQuarterMedianMiB">Median of the last quarter.</param>
/// <param name="GrowthMiB">Last-quarter median minus first-quarter median.</param>
/// <param name="SlopeMiBPerMinute">Least-squares slope over the second half of the judged samples.</param>
/// <param name="MaxGrowthMiB">Tolerance on <paramref name="GrowthMiB"/>.</param>
/// <param name="MaxSlopeMiBPerMinute">Tolerance on <paramref name="SlopeMiBPerMinute"/>.</param>
internal sealed record MemoryGrowth(
    string Verdict, double WarmupSeconds, int Samples, double StartMiB, double EndMiB, double PeakMiB,
    double FirstQuarterMedianMiB, double LastQuarterMedianMiB, double GrowthMiB, double SlopeMiBPerMinute,
    double MaxGrowthMiB, double MaxSlopeMiBPerMinute)
{
    /// <summary>Fewest judged samples for a verdict.</summary>
    public const int MinimumSamples = 8;

    public bool IsFlat => Verdict == "flat";

    /// <summary>Judges <paramref name="samples"/> taken at or after <paramref name="warmupSeconds"/>.</summary>
    public static MemoryGrowth Judge(IReadOnlyList<MemorySample> samples, double warmupSeconds, double maxGrowthMiB, double maxSlopeMiBPerMinute)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var judged = samples.Where(s => s.At >= warmupSeconds).ToArray();
        var peak = samples.Count == 0 ? 0 : samples.Max(s => s.RssMiB);
        if (judged.Length < MinimumSamples)
        {
            var last = samples.Count == 0 ? 0 : samples[^1].RssMiB;
            return new MemoryGrowth("inconclusive", warmupSeconds, judged.Length, judged.FirstOrDefault()?.RssMiB ?? last, last, peak,
                double.NaN, double.NaN, double.NaN, double.NaN, maxGrowthMiB, maxSlopeMiBPerMinute);
        }
        var quarter = judged.Length / 4;
        var first = Median(judged.Take(quarter));
        var lastQuarter = Median(judged.Skip(judged.Length - quarter));
        var slope = Slope(judged.Skip(judged.Length / 2).ToArray()) * 60;
        var growth = lastQuarter - first;
        var flat = growth <= maxGrowthMiB || slope <= maxSlopeMiBPerMinute;
        return new MemoryGrowth(flat ? "flat" : "growing", warmupSeconds, judged.Length, judged[0].RssMiB, judged[^1].RssMiB, peak,
            first, lastQuarter, growth, slope, maxGrowthMiB, maxSlopeMiBPerMinute);
    }

    /// <summary>One line: the verdict with its numbers and tolerances.</summary>
    public string Describe() => IsFlat || Verdict == "growing"
        ? string.Create(CultureInfo.InvariantCulture,
            $"{Verdict}: last-quarter median {LastQuarterMedianMiB:F1} MiB vs first-quarter {FirstQuarterMedianMiB:F1} MiB ({GrowthMiB:+0.0;-0.0} MiB, tolerance {MaxGrowthMiB:0.#}), " +
            $"second-half slope {SlopeMiBPerMinute:+0.00;-0.00} MiB/min (tolerance {MaxSlopeMiBPerMinute:0.##}), {Samples} samples after {WarmupSeconds:F0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Verdict}: only {Samples} samples after the {WarmupSeconds:F0} s warm-up (need {MinimumSamples})");

    private static double Median(IEnumerable<MemorySample> samples)
    {
        var sorted = samples.Select(s => s.RssMiB).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Least-squares slope of RSS (MiB) against time (s).</summary>
    private static double Slope(MemorySample[] samples)
    {
        var meanT = samples.Average(s => s.At);
        var meanM = samples.Average(s => s.RssMiB);
        var covariance = samples.Sum(s => (s.At - meanT) * (s.RssMiB - meanM));
        var variance = samples.Sum(s => (s.At - meanT) * (s.At - meanT));
        return variance == 0 ? 0 : covariance / variance;
    }
}
