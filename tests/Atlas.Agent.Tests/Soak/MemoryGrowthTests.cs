using Atlas.Benchmarks.Soak;

namespace Atlas.Agent.Tests.Soak;

/// <summary>
/// The soak's memory verdict on synthetic RSS series sampled every 5 s for 10 minutes: a collector saw-tooth around a
/// flat level is flat, a steady leak of 3 MiB/min is growing, and the warm-up rise is left out.
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
        var samples = Series(t => 400 + (3 * t / 60));

        var growth = MemoryGrowth.Judge(samples, warmupSeconds: 60, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);

        Assert.Equal("growing", growth.Verdict);
        Assert.Equal(3, growth.SlopeMiBPerMinute, precision: 6); // exact on a straight line, up to rounding
        Assert.True(growth.GrowthMiB > 10, growth.Describe());
    }

    [Fact]
    public void WarmupRise_IsLeftOut()
    {
        // 250 MiB until the first round ends at 200 s, then a flat 420 MiB: judged from the start, the step looks like growth.
        var samples = Series(t => t < 200 ? 250 : 420);

        var judged = MemoryGrowth.Judge(samples, warmupSeconds: 200, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);
        var unjudged = MemoryGrowth.Judge(samples, warmupSeconds: 0, maxGrowthMiB: 32, maxSlopeMiBPerMinute: 2);

        Assert.Equal("flat", judged.Verdict);
        Assert.Equal(420, judged.StartMiB);
        Assert.Equal("growing", unjudged.Verdict);
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
