using Atlas.Agent.Cli;
using Atlas.Engine.Learning;

namespace Atlas.Agent.Tests.Cli;

public sealed class LearningProgressRendererTests
{
    private static LearningProgress Step(long step, long total, double loss, double accuracy, double seconds, int epoch = 0) =>
        new(LearningEventKind.Step, epoch, step, total, loss, 1e-3, TimeSpan.FromSeconds(seconds), new Dictionary<string, double> { ["accuracy"] = accuracy });

    [Fact]
    public void Plain_WritesOneLinePerIntervalWithRunningLossAccuracyAndEta()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var renderer = new LearningProgressRenderer(output, interactive: false, "fog", totalEpochs: 2, clock) { PlainInterval = TimeSpan.FromSeconds(10) };

        renderer.Report(Step(0, 10, 2.0, 0.2, 1));   // first step: written
        clock.Advance(TimeSpan.FromSeconds(3));
        renderer.Report(Step(1, 10, 1.0, 0.4, 2));   // within the interval: not written
        clock.Advance(TimeSpan.FromSeconds(10));
        renderer.Report(Step(2, 10, 0.0, 0.6, 3));   // after the interval: written, running means of the epoch

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("fog: epoch 1/2 step 1/10 (10 %) loss 2.0000 acc 20.0 % lr 1e-3 eta 0:09", lines[0]);
        Assert.Equal("fog: epoch 1/2 step 3/10 (30 %) loss 1.0000 acc 40.0 % lr 1e-3 eta 0:07", lines[1]);
    }

    [Fact]
    public void Plain_EpochEndResetsTheRunningMeansAndPrintsASummary()
    {
        var output = new StringWriter();
        var renderer = new LearningProgressRenderer(output, interactive: false, "base", totalEpochs: 2, new ManualClock());

        renderer.Report(Step(0, 4, 1.0, 0.5, 1));
        renderer.Report(new LearningProgress(LearningEventKind.EpochCompleted, 0, 1, 4, 1.0, 1e-3, TimeSpan.FromSeconds(65), new Dictionary<string, double>()));
        renderer.Report(Step(2, 4, 0.25, 1.0, 66, epoch: 1));

        var text = output.ToString();
        Assert.Contains("base: epoch 1/2 done: loss 1.0000 acc 50.0 %, 1:05 elapsed", text, StringComparison.Ordinal);
        Assert.Contains("base: epoch 2/2 step 3/4 (75 %) loss 0.2500 acc 100.0 %", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Interactive_RedrawsOneLineInPlaceAndEndsItAtTheEpoch()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var renderer = new LearningProgressRenderer(output, interactive: true, "noise", totalEpochs: 1, clock);

        renderer.Report(Step(0, 4, 1.0, 0.5, 1));
        clock.Advance(TimeSpan.FromSeconds(1));
        renderer.Report(Step(1, 4, 1.0, 0.5, 2));
        renderer.Report(new LearningProgress(LearningEventKind.EpochCompleted, 0, 2, 4, 1.0, 1e-3, TimeSpan.FromSeconds(2), new Dictionary<string, double>()));

        var text = output.ToString();
        var frames = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, frames.Length);
        Assert.StartsWith("noise epoch 1/1 [" + new string('#', 6) + new string('.', 18) + "] 25 % 1/4 loss 1.0000 acc 50.0 %", frames[0], StringComparison.Ordinal);
        Assert.StartsWith("noise epoch 1/1 [" + new string('#', 12) + new string('.', 12) + "] 50 % 2/4", frames[1], StringComparison.Ordinal);
        Assert.Equal("noise: epoch 1/1 done: loss 1.0000 acc 50.0 %, 0:02 elapsed", frames[2].TrimEnd());
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Single(text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
