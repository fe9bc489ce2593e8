using System.Diagnostics;
using Atlas.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// The optimisation loop shared by every mode: AdamW on the parameters of an <see cref="ILearnableWeights"/>, a loss
/// from an <see cref="IObjective"/> on batches of a <see cref="DatasetBuffer"/>, gradient-norm clipping, a constant or
/// cosine schedule, collapse resets, epoch hooks, progress reports and cancellation.
/// </summary>
/// <remarks>
/// The loop is synchronous on purpose: TorchSharp dispose scopes are per thread. Run it on a worker thread
/// (<c>Task.Run</c>) from async code. Every step runs inside its own dispose scope, so memory stays flat.
/// An objective that throws or returns a non-finite loss ends the run with the parameters of the last good step.
/// </remarks>
public sealed partial class Learner
{
    private readonly LearnerOptions _options;
    private readonly ILogger _logger;

    /// <param name="options">Validated on construction.</param>
    /// <param name="logger">Optional logger.</param>
    public Learner(LearnerOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Runs the loop. See the class remarks.</summary>
    /// <param name="weights">What to learn.</param>
    /// <param name="forward">The differentiable model.</param>
    /// <param name="buffer">The samples; labels are required when the objective requires them.</param>
    /// <param name="objective">The loss.</param>
    /// <param name="classCount">Classes the model predicts.</param>
    /// <param name="progress">Receives a report after every step and event.</param>
    /// <param name="onEpochEnd">Decides after each epoch whether to go on.</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    public LearningResult Run(
        ILearnableWeights weights,
        ModelForward forward,
        DatasetBuffer buffer,
        IObjective objective,
        int classCount,
        IProgress<LearningProgress>? progress = null,
        Func<int, EpochDecision>? onEpochEnd = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(objective);
        if (objective.RequiresLabels && !buffer.HasLabels)
            throw new InvalidOperationException($"Objective '{objective.Name}' needs labels, but the data has none.");
        if (buffer.Count == 0) throw new InvalidOperationException("There is no data to learn from.");

        int previousThreads = torch.get_num_threads();
        if (_options.Threads > 0) torch.set_num_threads(_options.Threads);
        try
        {
            return RunLoop(weights, forward, buffer, objective, classCount, progress, onEpochEnd, cancellationToken);
        }
        finally
        {
            if (_options.Threads > 0) torch.set_num_threads(previousThreads);
        }
    }

    private LearningResult RunLoop(
        ILearnableWeights weights, ModelForward forward, DatasetBuffer buffer, IObjective objective, int classCount,
        IProgress<LearningProgress>? progress, Func<int, EpochDecision>? onEpochEnd, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int stepsPerEpoch = (buffer.Count + _options.BatchSize - 1) / _options.BatchSize;
        long totalSteps = (long)stepsPerEpoch * _options.Epochs;
        if (_options.MaxSteps > 0) totalSteps = Math.Min(totalSteps, _options.MaxSteps);
        var random = new Random(_options.Seed);
        var optimizer = NewOptimizer(weights);
        var epochLosses = new List<double>();
        long step = 0;
        int resets = 0;
        var noMetrics = new Dictionary<string, double>();

        void Report(LearningEventKind kind, int epoch, double loss, IReadOnlyDictionary<string, double>? metrics = null, string? message = null) =>
            progress?.Report(new LearningProgress(kind, epoch, step, totalSteps, loss, CurrentRate(step, totalSteps), clock.Elapsed, metrics ?? noMetrics, message));

        try
        {
            for (int epoch = 0; epoch < _options.Epochs && step < totalSteps; epoch++)
            {
                var epochStart = weights.Snapshot();
                try
                {
                    objective.OnEpochStart(new EpochContext(() => BufferLogits(weights, forward, buffer))
                    {
                        Epoch = epoch,
                        TotalEpochs = _options.Epochs,
                        ClassCount = classCount,
                        Buffer = buffer,
                    });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return Failed(objective, $"its epoch hook threw {e.GetType().Name}: {e.Message}", epoch);
                }

                var order = Enumerable.Range(0, buffer.Count).ToArray();
                random.Shuffle(order);
                double lossSum = 0;
                int lossCount = 0;
                for (int start = 0; start < order.Length && step < totalSteps; start += _options.BatchSize)
                {
                    if (cancellationToken.IsCancellationRequested)
                        return new LearningResult(step, epochLosses, resets, null, Cancelled: true);
                    var indices = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
                    SetRate(optimizer, CurrentRate(step, totalSteps));
                    double loss;
                    try
                    {
                        loss = Step(weights, forward, buffer, objective, classCount, optimizer, indices, epoch, step, random);
                    }
                    catch (ObjectiveFailedException e)
                    {
                        return Failed(objective, e.Message, epoch);
                    }
                    lossSum += loss;
                    lossCount++;
                    Report(LearningEventKind.Step, epoch, loss, SafeMetrics(objective));
                    step++;

                    if (SafeCollapse(objective))
                    {
                        weights.ResetToStart();
                        optimizer = NewOptimizer(weights); // forget Adam moments that drove the collapse
                        objective.Reset();
                        resets++;
                        LogReset(_logger, objective.Name, step);
                        Report(LearningEventKind.Reset, epoch, double.NaN, message: $"objective '{objective.Name}' signalled collapse; coefficients reset");
                    }
                }
                epochLosses.Add(lossCount == 0 ? double.NaN : lossSum / lossCount);
                Report(LearningEventKind.EpochCompleted, epoch, epochLosses[^1]);
                var decision = onEpochEnd?.Invoke(epoch) ?? EpochDecision.Continue;
                if (decision == EpochDecision.RevertAndStop) weights.Restore(epochStart);
                foreach (var t in epochStart) t.Dispose();
                if (decision != EpochDecision.Continue) break;
            }
            Report(LearningEventKind.Completed, epochLosses.Count - 1, epochLosses.LastOrDefault(double.NaN));
            return new LearningResult(step, epochLosses, resets, null, Cancelled: false);
        }
        finally
        {
            optimizer.Dispose();
        }

        LearningResult Failed(IObjective failed, string why, int epoch)
        {
            var message = $"Objective '{failed.Name}' was disabled for this run: {why}. The last good parameters are kept.";
            LogObjectiveFailed(_logger, failed.Name, why);
            Report(LearningEventKind.ObjectiveFailed, epoch, double.NaN, message: message);
            return new LearningResult(step, epochLosses, resets, message, Cancelled: false);
        }
    }

    private double Step(
        ILearnableWeights weights, ModelForward forward, DatasetBuffer buffer, IObjective objective, int classCount,
        optim.Optimizer optimizer, int[] indices, int epoch, long step, Random random)
    {
        using var scope = torch.NewDisposeScope();
        var samples = buffer.GetSamples(indices);
        // Compose once per step, with autograd on, before the objective makes any (possibly no_grad) forward pass.
        var composed = weights.Weights();
        var batch = new ObjectiveBatch
        {
            Weak = samples.Weak,
            Strong = samples.Strong,
            Labels = objective.RequiresLabels ? buffer.Labels(indices) : null,
            Forward = x => forward(x, composed),
            ClassCount = classCount,
            Step = step,
            Epoch = epoch,
            TotalEpochs = _options.Epochs,
            Indices = indices,
            Buffer = buffer,
            Random = random,
        };
        Tensor loss;
        try
        {
            loss = objective.ComputeLoss(batch);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ObjectiveFailedException($"it threw {e.GetType().Name}: {e.Message}", e);
        }
        if (loss.numel() != 1) throw new ObjectiveFailedException($"it returned a loss of shape [{string.Join(",", loss.shape)}], not a scalar");
        double value = loss.item<float>();
        if (!double.IsFinite(value)) throw new ObjectiveFailedException($"it returned a non-finite loss ({value})");
        if (!loss.requires_grad) return value; // nothing to learn from this batch (e.g. every sample filtered out)
        optimizer.zero_grad();
        loss.backward();
        if (_options.GradientClipNorm > 0)
            nn.utils.clip_grad_norm_(weights.Parameters, _options.GradientClipNorm);
        optimizer.step();
        return value;
    }

    /// <summary>Logits of the whole buffer (weak view) without gradient, in batches.</summary>
    private Tensor BufferLogits(ILearnableWeights weights, ModelForward forward, DatasetBuffer buffer)
    {
        using var noGrad = torch.no_grad();
        var parts = new List<Tensor>();
        using (var scope = torch.NewDisposeScope())
        {
            var composed = weights.Weights();
            for (int start = 0; start < buffer.Count; start += _options.BatchSize)
            {
                var indices = Enumerable.Range(start, Math.Min(_options.BatchSize, buffer.Count - start)).ToArray();
                parts.Add(forward(buffer.GetSamples(indices).Weak, composed).MoveToOuterDisposeScope());
            }
        }
        var all = torch.cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    private TorchSharp.Modules.AdamW NewOptimizer(ILearnableWeights weights) =>
        optim.AdamW(weights.Parameters, lr: _options.LearningRate, weight_decay: _options.WeightDecay);

    private double CurrentRate(long step, long totalSteps) => _options.Schedule switch
    {
        LearningSchedule.Cosine when totalSteps > 0 => _options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps)),
        _ => _options.LearningRate,
    };

    private static void SetRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }

    private static Dictionary<string, double> SafeMetrics(IObjective objective)
    {
        try
        {
            return new Dictionary<string, double>(objective.Metrics);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Dictionary<string, double>();
        }
    }

    private static bool SafeCollapse(IObjective objective)
    {
        try
        {
            return objective.CollapseDetected;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Objective {Objective} signalled collapse at step {Step}; coefficients reset to their start")]
    private static partial void LogReset(ILogger logger, string objective, long step);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Objective {Objective} disabled for this run: {Reason}")]
    private static partial void LogObjectiveFailed(ILogger logger, string objective, string reason);

    private sealed class ObjectiveFailedException(string message, Exception? inner = null) : Exception(message, inner);
}
