using System.Text.Json;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Objectives;
using Atlas.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Learning;

public sealed class LearnerTests
{
    private static DatasetBuffer Buffer(LinearProblem problem) =>
        new(problem.Dataset, AugmentationPipeline.Identity, null, seed: 1);

    [Fact]
    public void Run_SupervisedOnLinearProblem_LearnsToUseTheExpertTaskVector()
    {
        using var problem = new LinearProblem();
        using var composer = problem.Composer();
        using var weights = new CoefficientWeights(composer);
        using var buffer = Buffer(problem);
        double before = problem.Accuracy(weights.Weights());

        var options = new LearnerOptions { LearningRate = 0.1, Epochs = 8, BatchSize = 32, Schedule = LearningSchedule.Cosine };
        var result = new Learner(options).Run(weights, LinearProblem.Forward, buffer, new SupervisedObjective(), LinearProblem.Classes);

        double after = problem.Accuracy(weights.Weights());
        Assert.True(result.Succeeded);
        Assert.True(before < 0.6, $"the random base should be weak, got {before:P1}");
        Assert.True(after > 0.95, $"accuracy after learning {after:P1} (before {before:P1})");
        var values = weights.Values();
        Assert.True(values[0][0] > 0.5, $"λ(expert, fc.weight) = {values[0][0]}");
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0], "loss should fall");
    }

    [Fact]
    public void Run_SameSeed_GivesIdenticalCoefficients()
    {
        float[][] Learn()
        {
            using var problem = new LinearProblem();
            using var composer = problem.Composer("block:2");
            using var weights = new CoefficientWeights(composer);
            using var buffer = new DatasetBuffer(problem.Dataset, AugmentationPipeline.Parse("noise:0.05"), null, seed: 3);
            new Learner(new LearnerOptions { LearningRate = 0.05, Epochs = 2, BatchSize = 16, Seed = 9 })
                .Run(weights, LinearProblem.Forward, buffer, new SupervisedObjective(), LinearProblem.Classes);
            return weights.Values();
        }

        Assert.Equal(Learn(), Learn());
    }

    [Fact]
    public void Run_ObjectiveThrows_StopsAndKeepsLastGoodCoefficients()
    {
        using var problem = new LinearProblem();
        using var composer = problem.Composer();
        using var weights = new CoefficientWeights(composer);
        using var buffer = Buffer(problem);
        var objective = new FailingObjective(weights.Values, failAtStep: 3, returnNaN: false);
        var reports = new List<LearningProgress>();

        var result = new Learner(new LearnerOptions { LearningRate = 0.1, Epochs = 5, BatchSize = 32 })
            .Run(weights, LinearProblem.Forward, buffer, objective, LinearProblem.Classes, new SynchronousProgress(reports));

        Assert.Equal(3, result.Steps);
        Assert.NotNull(result.Failure);
        Assert.Contains("boom", result.Failure, StringComparison.Ordinal);
        Assert.Contains(reports, r => r.Kind == LearningEventKind.ObjectiveFailed);
        Assert.Equal(objective.CoefficientsAfterLastGoodStep, weights.Values());
    }

    [Fact]
    public void Run_ObjectiveReturnsNaN_StopsAndKeepsLastGoodCoefficients()
    {
        using var problem = new LinearProblem();
        using var composer = problem.Composer();
        using var weights = new CoefficientWeights(composer);
        using var buffer = Buffer(problem);
        var objective = new FailingObjective(weights.Values, failAtStep: 2, returnNaN: true);

        var result = new Learner(new LearnerOptions { LearningRate = 0.1, Epochs = 5, BatchSize = 32 })
            .Run(weights, LinearProblem.Forward, buffer, objective, LinearProblem.Classes);

        Assert.Contains("non-finite", result.Failure, StringComparison.Ordinal);
        Assert.All(weights.Values().SelectMany(v => v), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(objective.CoefficientsAfterLastGoodStep, weights.Values());
    }

    [Fact]
    public void Run_CollapseSignal_ResetsCoefficientsToStart()
    {
        using var problem = new LinearProblem();
        using var composer = problem.Composer();
        using var weights = new CoefficientWeights(composer);
        using var buffer = Buffer(problem);
        var objective = new CollapsingObjective(collapseAtStep: 4);
        var reports = new List<LearningProgress>();

        var result = new Learner(new LearnerOptions { LearningRate = 0.1, Epochs = 1, BatchSize = 60 })
            .Run(weights, LinearProblem.Forward, buffer, objective, LinearProblem.Classes, new SynchronousProgress(reports));

        // 300 samples / 60 = 5 steps; the collapse after the 5th step resets λ to 0.
        Assert.Equal(1, result.Resets);
        Assert.Contains(reports, r => r.Kind == LearningEventKind.Reset);
        Assert.All(weights.Values().SelectMany(v => v), v => Assert.Equal(0f, v));
        Assert.Equal(1, objective.ResetCalls);
    }

    [Fact]
    public void Run_Cancelled_StopsBetweenSteps()
    {
        using var problem = new LinearProblem();
        using var composer = problem.Composer();
        using var weights = new CoefficientWeights(composer);
        using var buffer = Buffer(problem);
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress([], r =>
        {
            if (r.Step >= 1) cancellation.Cancel();
        });

        var result = new Learner(new LearnerOptions { Epochs = 10, BatchSize = 10 })
            .Run(weights, LinearProblem.Forward, buffer, new SupervisedObjective(), LinearProblem.Classes, progress, cancellationToken: cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(2, result.Steps);
    }

    [Fact]
    public void Run_CosineSchedule_DecaysTheRateToNearZero()
    {
        using var problem = new LinearProblem();
        using var composer = problem.Composer();
        using var weights = new CoefficientWeights(composer);
        using var buffer = Buffer(problem);
        var reports = new List<LearningProgress>();
        new Learner(new LearnerOptions { LearningRate = 0.1, Epochs = 2, BatchSize = 30, Schedule = LearningSchedule.Cosine })
            .Run(weights, LinearProblem.Forward, buffer, new SupervisedObjective(), LinearProblem.Classes, new SynchronousProgress(reports));
        var rates = reports.Where(r => r.Kind == LearningEventKind.Step).Select(r => r.LearningRate).ToArray();
        Assert.Equal(0.1, rates[0], 9);
        Assert.True(rates[^1] < 0.005, $"last rate {rates[^1]}");
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.Second <= p.First));
    }

    [Fact]
    public void Run_EpochHookRevertAndStop_RestoresEpochStart()
    {
        using var problem = new LinearProblem();
        using var composer = problem.Composer();
        using var weights = new CoefficientWeights(composer);
        using var buffer = Buffer(problem);
        float[][]? afterFirstEpoch = null;
        var result = new Learner(new LearnerOptions { LearningRate = 0.1, Epochs = 5, BatchSize = 50 })
            .Run(weights, LinearProblem.Forward, buffer, new SupervisedObjective(), LinearProblem.Classes,
                onEpochEnd: epoch =>
                {
                    if (epoch == 0)
                    {
                        afterFirstEpoch = weights.Values();
                        return EpochDecision.Continue;
                    }
                    return EpochDecision.RevertAndStop;
                });
        Assert.Equal(2, result.EpochLosses.Count);
        Assert.Equal(afterFirstEpoch, weights.Values());
    }

    private sealed class SynchronousProgress(List<LearningProgress> sink, Action<LearningProgress>? onReport = null) : IProgress<LearningProgress>
    {
        public void Report(LearningProgress value)
        {
            sink.Add(value);
            onReport?.Invoke(value);
        }
    }

    /// <summary>Cross-entropy with scripted misbehaviour: the members every test objective shares.</summary>
    private abstract class ScriptedObjective(string name) : IObjective
    {
        protected SupervisedObjective Inner { get; } = new();

        public string Name => name;

        public Version Version => new(1, 0);

        public string Description => "test";

        public bool RequiresLabels => true;

        public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

        public IReadOnlyList<ObjectiveOptionDescriptor> Options => [];

        public IReadOnlyDictionary<string, double> Metrics => new Dictionary<string, double>();

        public virtual bool CollapseDetected => false;

        public void Configure(JsonElement options)
        {
        }

        public abstract Tensor ComputeLoss(ObjectiveBatch batch);

        public virtual void Reset()
        {
        }
    }

    /// <summary>Throws or returns NaN at a given step, recording λ as it was when that step began.</summary>
    private sealed class FailingObjective(Func<float[][]> readCoefficients, int failAtStep, bool returnNaN) : ScriptedObjective("failing")
    {
        public float[][]? CoefficientsAfterLastGoodStep { get; private set; }

        public override Tensor ComputeLoss(ObjectiveBatch batch)
        {
            if (batch.Step != failAtStep) return Inner.ComputeLoss(batch);
            CoefficientsAfterLastGoodStep = readCoefficients();
            if (!returnNaN) throw new InvalidOperationException("boom");
            return batch.Forward(batch.Weak).sum() * float.NaN;
        }
    }

    /// <summary>Signals collapse after a given step and counts the resets it receives.</summary>
    private sealed class CollapsingObjective(int collapseAtStep) : ScriptedObjective("collapsing")
    {
        private long _step;

        public int ResetCalls { get; private set; }

        public override bool CollapseDetected => _step == collapseAtStep;

        public override Tensor ComputeLoss(ObjectiveBatch batch)
        {
            _step = batch.Step;
            return Inner.ComputeLoss(batch);
        }

        public override void Reset() => ResetCalls++;
    }
}
