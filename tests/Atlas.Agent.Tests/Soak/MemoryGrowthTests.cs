using Atlas.Benchmarks.Soak;

namespace Atlas.Agent.Tests.Soak;

/// <summary>
/// The soak's memory verdict on synthetic RSS series sampled every 5 s for 10 minutes: a collector saw-tooth around a
/// flat level is flat, a steady leak of 6 MiB/min is growing, and the warm-up rise is left out. With the default
/// tolerances (32 MiB between quarter medians, 2 MiB/min) a 10-minute soak resolves leaks from about 5 MiB/min.
/// </summary>
public sealed class MemoryGrowthTests
{
    private static MemorySample[] Series(Func<double, double> rss) =>
        Enumerable.Range(0, 121).Select(i => new MemorySample(i * 5.0, rss(i * 5.0), i * 150L)).ToArray();

    [Fact]
    public void SawToothAroundFlatLevel_IsFlat()
    {
        // ±20 MiB saw-tooth with a 50 s period, as a collector's heap rises and falls.
        var samples = Series(t => 400 + (20 * (((t % 50) / 25) - 1)));

        var growth = MemoryGrowth.Judge(samples, warmupSeconds: 60, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);

        Assert.Equal("flat", growth.Verdict);
        Assert.InRange(growth.GrowthMiB, -32, 32);
        Assert.InRange(growth.SlopeMiBPerMinute, -2, 2);
    }

    [Fact]
    public void SteadyLeak_IsGrowing_WithItsSlope()
    {
        var samples = Series(t => 400 + (6 * t / 60));

        var growth = MemoryGrowth.Judge(samples, warmupSeconds: 60, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);

        Assert.Equal("growing", growth.Verdict);
        Assert.Equal(6, growth.SlopeMiBPerMinute, precision: 6); // exact on a straight line, up to rounding
        Assert.True(growth.GrowthMiB > 32, growth.Describe());
    }

    [Fact]
    public void WarmupRise_IsLeftOut()
    {
        // 250 MiB until the first round ends at 200 s, then 420 MiB creeping up by 3 MiB/min: judged from the start, the
        // step adds to the creep and looks like growth; after warm-up the creep alone stays within the 32 MiB tolerance.
        var samples = Series(t => t < 200 ? 250 : 420 + (3 * (t - 200) / 60));

        var judged = MemoryGrowth.Judge(samples, warmupSeconds: 200, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);
        var unjudged = MemoryGrowth.Judge(samples, warmupSeconds: 0, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);

        Assert.Equal("flat", judged.Verdict);
        Assert.Equal(420, judged.StartMiB);
        Assert.True(judged.GrowthMiB < 32, judged.Describe());
        Assert.Equal("growing", unjudged.Verdict);
    }

    [Fact]
    public void OneIndicatorAlone_IsNotGrowth()
    {
        // A slow collector cycle: a trough early on (quarter medians rise by 40 MiB) while the second half falls.
        var trough = Series(t => t < 200 ? 380 : 440 - (0.05 * (t - 200)));
        // Flat, with one 40 MiB peak in the last minute (second-half slope > 2 MiB/min, quarter medians unchanged).
        var peak = Series(t => t >= 560 ? 440 : 400);

        Assert.Equal("flat", MemoryGrowth.Judge(trough, 60, 32, 2).Verdict);
        Assert.True(MemoryGrowth.Judge(trough, 60, 32, 2).GrowthMiB > 32);
        Assert.Equal("flat", MemoryGrowth.Judge(peak, 60, 32, 2).Verdict);
        Assert.True(MemoryGrowth.Judge(peak, 60, 32, 2).SlopeMiBPerMinute > 2);
    }

    [Fact]
    public void TooFewSamplesAfterWarmup_IsInconclusive()
    {
        var samples = Series(_ => 400);

        var growth = MemoryGrowth.Judge(samples, warmupSeconds: 580, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);

        Assert.Equal("inconclusive", growth.Verdict);
        Assert.Equal(5, growth.Samples);
    }
}
