using Atlas.Engine.Adaptation;
using Atlas.Engine.Composition;
using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Modes;
using Atlas.Engine.Plugins;
using Atlas.Plugins;
using static TorchSharp.torch;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// One adaptation round: learn coefficients on the buffer's training slice with an unsupervised objective, then judge
/// the candidate against the composition in use on the held-out slice it never saw. Synchronous and tensor-bound:
/// call it on one worker thread (TorchSharp dispose scopes are per thread), never on the serving path.
/// </summary>
internal static class AdaptationRound
{
    /// <summary>
    /// Runs the round; throws <see cref="AdaptationRoundException"/> when the buffer cannot support one, and the objective's
    /// <see cref="PluginException"/> when it failed (threw, non-finite loss, over the step time limit): no candidate then.
    /// <paramref name="timings"/>, when given, records where the round spends its time.
    /// </summary>
    public static AdaptationOutcome Run(BankComposition composition, CoefficientSet current, ImageDataset train, ImageDataset heldOut,
        IObjective objective, AdaptationOptions options, AcceptanceCriterion criterion, int seed, RoundTimings? timings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(composition);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        if (train.Count == 0 || heldOut.Count == 0)
            throw new AdaptationRoundException($"An adaptation round needs buffered frames: {train.Count} training and {heldOut.Count} held-out frames.");

        using var scope = NewDisposeScope();
        var learner = new LearnerOptions { LearningRate = options.LearningRate, Epochs = options.Epochs, BatchSize = 128, Seed = seed };
        var result = new LearningModes(composition, learner) { Progress = timings }.TestTimeAdaptation(train, objective, LearningMethod.Atlas, cancellationToken);
        timings?.Mark("learn");
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Learning is { Failure: { } failure })
        {
            // The learner keeps "the last good parameters" of a failed objective; a round never offers them as a candidate.
            throw objective is GuardedObjective { Failure: { } pluginFailure }
                ? pluginFailure
                : new PluginException(PluginErrorKind.ObjectiveThrew, failure, objective.Name);
        }
        var candidate = result.Coefficients
            ?? throw new AdaptationRoundException($"Test-time adaptation on bank {composition.Bank.Hash} returned no coefficients ({result.Note}).");

        var currentWeights = composition.Composer.Materialize(current.AlignTo(composition.Bank.Hash, composition.Composer));
        var before = SamplePredictions.Measure(composition.Forward, Tensors(composition, currentWeights), heldOut, cancellationToken: cancellationToken);
        var after = SamplePredictions.Measure(composition.Forward, Tensors(composition, result.Weights), heldOut, cancellationToken: cancellationToken);
        var decision = CandidateEvaluator.Evaluate(before, after, criterion);
        timings?.Mark("judge");
        return new AdaptationOutcome(decision, candidate, result.Weights, train.Count, heldOut.Count);
    }

    private static Dictionary<string, Tensor> Tensors(BankComposition composition, IReadOnlyDictionary<string, float[]> weights) =>
        weights.ToDictionary(p => p.Key, p => tensor(p.Value).reshape(composition.Executor.GetInitializer(p.Key).shape), StringComparer.Ordinal);
}
