using Atlas.Agent.Demo;
using Atlas.Agent.Tests.TestSupport;

namespace Atlas.Agent.Tests.Demo;

/// <summary>
/// <c>atlas demo</c> end to end in a short form: the real agent in process with the sample and its bank, the embedded
/// broker, the simulated camera through two phases, the scorer and the summary.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DemoRunnerTests
{
    [Fact]
    public async Task ShortDemo_ScoresEveryFrameOfEveryPhase_AndPrintsTheSummaryTable()
    {
        var options = new DemoOptions
        {
            SampleDirectory = Path.Combine(RepositoryPaths.Root(), "samples", "fashion-camera"),
            PhaseFrames = 150,
            FramesPerSecond = 300,
            AdaptEveryFrames = 100,
            Live = false,
            Phases = [new DemoPhase("clean", "clean"), new DemoPhase("fog", "fog:5")],
        };
        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var report = await new DemoRunner(options, output).RunAsync(timeout.Token);

        var text = output.ToString();
        Assert.Equal(["clean", "fog"], report.Phases.Select(p => p.Name));
        // The first phase runs on until the agent's first round has its verdict; every later phase has its length.
        Assert.InRange(report.Phases[0].Frames, options.PhaseFrames, int.MaxValue);
        Assert.Equal(options.PhaseFrames, report.Phases[1].Frames);
        Assert.All(report.Phases, p => Assert.Equal(p.Frames, p.BeforeFrames + p.AfterFrames));
        Assert.All(report.Phases, p => Assert.NotNull(p.Before ?? p.After));
        Assert.All(report.Phases, p => Assert.NotNull(p.BaseModel));
        Assert.True(report.Phases[0].BaseModel > report.Phases[1].BaseModel, $"base: clean {report.Phases[0].BaseModel} vs fog {report.Phases[1].BaseModel}");
        // The base model reads clean images far better than fog:5 (89.9% vs 40.9% on the full test set, docs/results.md);
        // 150 frames each leave a wide margin.
        Assert.True(report.Phases[0].Before > report.Phases[1].Before, $"clean {report.Phases[0].Before} vs fog {report.Phases[1].Before}");
        Assert.Contains("phase", text, StringComparison.Ordinal);
        Assert.Contains("before", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^clean\s+clean\s+\d+\s+\d+\.\d%", text);
        Assert.Matches(@"(?m)^fog\s+fog:5\s+150\s+", text);
        Assert.Contains("adaptation rounds:", text, StringComparison.Ordinal);
        Assert.True(report.Accepted + report.Rejected >= 1, "the agent should have judged at least one round it started by itself:\n" + text);
        Assert.Contains("round 1 started (frames)", text, StringComparison.Ordinal);
        // Phases this short rarely leave time to adopt a composition within fog; when the agent did, on enough frames
        // to judge (the base reads fog:5 at about 41%, a fog-adapted composition above 80%), it must have helped.
        if (report.Phases[1] is { AfterFrames: >= 30, After: { } after, Before: { } before })
            Assert.True(after > before, $"fog: {before:P1} before, {after:P1} after adapting");
    }

    [Fact]
    public async Task MissingSample_FailsWithTheFolderNamed()
    {
        using var folder = new TempFolder();
        var options = new DemoOptions { SampleDirectory = folder.File("nowhere"), Live = false };

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new DemoRunner(options, TextWriter.Null).RunAsync(CancellationToken.None));

        Assert.Contains("nowhere", e.Message, StringComparison.Ordinal);
    }
}
