using Atlas.Agent.Demo;

namespace Atlas.Agent.Tests.Demo;

public sealed class DemoScorerTests
{
    private static readonly DemoPhase[] Phases = [new("clean", "clean"), new("fog", "fog:5")];

    [Fact]
    public void TruthAndPrediction_MatchInEitherOrder_AndSplitBeforeAndAfterTheAdoptedVersion()
    {
        var scorer = new DemoScorer(Phases);

        scorer.Truth("fog-1", label: 3, phase: 1);
        scorer.Prediction("fog-1", predicted: 3, "base-x");     // before, correct
        scorer.Prediction("fog-2", predicted: 1, "base-x");
        scorer.Truth("fog-2", label: 3, phase: 1);              // before, wrong
        scorer.Prediction("fog-3", predicted: 3, "adapted-1");
        scorer.Truth("fog-3", label: 3, phase: 1);              // after, correct
        scorer.Truth("fog-4", label: 5, phase: 1);              // never answered: not scored

        var fog = scorer.Results()[1];
        Assert.Equal(3, fog.Frames);
        Assert.Equal("base-x", fog.StartVersion);
        Assert.Equal(2, fog.BeforeFrames);
        Assert.Equal(0.5, fog.Before);
        Assert.Equal(1, fog.AfterFrames);
        Assert.Equal(1.0, fog.After);
        Assert.Equal(["adapted-1"], fog.Adopted);
        Assert.Equal(50.0, fog.Gain!.Value, 9);
        Assert.Equal(0, scorer.Results()[0].Frames);
        Assert.Equal((2.0 / 3, 3), scorer.Rolling());
    }

    [Fact]
    public void RollingAccuracy_CoversOnlyTheLastWindowOfFrames()
    {
        var scorer = new DemoScorer(Phases);
        for (var i = 0; i < DemoScorer.Window; i++) Score(scorer, $"a{i}", correct: false);
        for (var i = 0; i < DemoScorer.Window / 2; i++) Score(scorer, $"b{i}", correct: true);

        var (accuracy, frames) = scorer.Rolling();

        Assert.Equal(DemoScorer.Window, frames);
        Assert.Equal(0.5, accuracy);
    }

    private static void Score(DemoScorer scorer, string id, bool correct)
    {
        scorer.Truth(id, label: 1, phase: 0);
        scorer.Prediction(id, predicted: correct ? 1 : 2, "base-x");
    }
}
