using Atlas.Benchmarks.Soak;
using Xunit.Abstractions;

namespace Atlas.Agent.Tests.Soak;

/// <summary>
/// The soak program's short form: the real <c>atlas</c> process behind a real mosquitto, 24 s of the sample's PNG
/// frames at 30 frames/s through a drifting condition, <c>adapt</c> at 8 s and <c>reset</c> at 16 s (so at least one
/// hot swap happens under load whatever the round decides), RSS read every second. The 10-minute form is in
/// docs/operations.md.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SoakShortFormTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ShortSoak_AnswersEveryFrameWithoutFailures_SwapsAndKeepsMemoryBounded()
    {
        var options = new SoakOptions
        {
            Duration = TimeSpan.FromSeconds(24),
            FramesPerSecond = 30,
            AdaptEvery = TimeSpan.FromSeconds(8),
            ResetEvery = 2,
            Drift = ["clean", "fog:3", "dark:4"],
            DriftEvery = TimeSpan.FromSeconds(6),
            SampleEvery = TimeSpan.FromSeconds(1),
            MetricsIntervalSeconds = 2,
            Drain = TimeSpan.FromSeconds(8),
            // Runaway growth only (≥ 10 MiB/s, e.g. a model session or a batch of tensors kept per frame): 24 s is too short
            // to tell a slow leak from the allocator settling after a round, which the 10-minute form judges.
            MaxGrowthMiB = 128,
            MaxSlopeMiBPerMinute = 600,
        };

        var report = await SoakRunner.RunAsync(options, output.WriteLine, CancellationToken.None);
        output.WriteLine(SoakReportWriter.Table(report));

        Assert.Equal(720, report.Sent); // 24 s × 30 frames/s, on a fixed schedule
        Assert.Equal(0, report.FailedInferences);
        Assert.Equal(0, report.Unaccounted);
        Assert.Equal(0, report.UnknownPredictions);
        Assert.Equal(report.Sent, report.AgentReceived);
        Assert.Equal(0, report.Errors);
        Assert.Equal(2, report.Commands.Count);
        Assert.InRange(report.Swaps, 1, 2);
        Assert.NotNull(report.LatencyP99Milliseconds);
        Assert.True(report.Memory.Verdict != "growing", report.Memory.Describe());
        Assert.InRange(report.Memory.PeakMiB, 1, 1536); // the sample agent peaks near 0.5 GiB
        Assert.NotNull(report.ManagedEndMiB);
        Assert.Equal(0, report.AgentExitCode);
    }
}
