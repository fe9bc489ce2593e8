using System.Diagnostics;
using Atlas.Engine.Data;
using Atlas.Engine.Execution;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Objectives;
using Atlas.Engine.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Training;

/// <summary>
/// Full fine-tuning of an ONNX classifier: every learnable float initializer (see <see cref="LearnableInitializers"/>)
/// is trained with cross-entropy through the TorchSharp <see cref="GraphExecutor"/>, with the shared
/// <see cref="Learner"/> loop (AdamW, cosine schedule, gradient clipping, seeded shuffling). The result is plain
/// weights keyed by initializer name, written back with <see cref="FineTuneResult.Save"/>; the difference to the base
/// is a task vector for the bank.
/// </summary>
/// <remarks>
/// Synchronous on purpose (TorchSharp dispose scopes are per thread): call it from a worker thread in async code.
/// The model's first graph input takes the images as float [N, C, H, W] in [0, 1]; its first output gives the logits.
/// </remarks>
public sealed partial class FineTuner
{
    private readonly FineTuneOptions _options;
    private readonly ILogger _logger;

    /// <param name="options">Validated on construction.</param>
    /// <param name="logger">Optional logger.</param>
    public FineTuner(FineTuneOptions options, ILogger<FineTuner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<FineTuner>.Instance;
    }

    /// <summary>Fine-tunes <paramref name="model"/> on <paramref name="data"/> (under the configured condition).</summary>
    /// <param name="model">The base model; not modified.</param>
    /// <param name="data">Labeled training images.</param>
    /// <param name="progress">Receives the <see cref="Learner"/>'s report after every step and epoch (the
    /// <c>accuracy</c> metric is the batch's top-1 accuracy).</param>
    /// <param name="cancellationToken">Stops between steps; the result then holds the weights of the last step.</param>
    /// <exception cref="TrainingException">The data is unlabeled, does not fit the model, or the optimisation failed.</exception>
    public FineTuneResult Run(OnnxModel model, ImageDataset data, IProgress<LearningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var modelName = model.FilePath ?? "(in memory)";
        if (!data.HasLabels) throw new TrainingException("Fine-tuning needs labeled data; the training data has no labels.");
        if (data.Count == 0) throw new TrainingException("The training data is empty.");
        if (model.Inputs.Count != 1)
            throw new TrainingException($"Model '{modelName}' has {model.Inputs.Count} graph inputs; fine-tuning feeds exactly one (the images).");
        var learnable = LearnableInitializers.Select(model, _options.Frozen);
        if (learnable.Count == 0) throw new TrainingException($"Model '{modelName}' has no learnable float initializer.");

        var inputName = model.Inputs[0].Name;
        var outputName = model.Outputs[0].Name;
        var train = _options.Condition is { } condition ? condition.Apply(data, _options.Seed) : data;
        var clock = Stopwatch.StartNew();
        using var executor = new GraphExecutor(model);
        int classCount = ClassCount(executor, inputName, outputName, train, modelName);
        var initial = learnable.ToDictionary(n => n, executor.GetInitializer, StringComparer.Ordinal);
        using var weights = new DirectWeights(initial);
        using var buffer = new DatasetBuffer(train, AugmentationPipeline.Identity, null, _options.Seed);
        ModelForward forward = (x, w) => executor.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [inputName] = x }, w, training: true)[outputName];
        var learner = new Learner(new LearnerOptions
        {
            LearningRate = _options.LearningRate,
            WeightDecay = _options.WeightDecay,
            GradientClipNorm = _options.GradientClipNorm,
            Schedule = LearningSchedule.Cosine,
            Epochs = _options.Epochs,
            BatchSize = _options.BatchSize,
            Seed = _options.Seed,
            Threads = _options.Threads,
        });
        var accuracy = new EpochAccuracy(progress);
        var conditionText = _options.Condition?.ToString() ?? "clean";
        LogStarting(_logger, modelName, learnable.Count, train.Count, conditionText, _options.Epochs);
        var result = learner.Run(weights, forward, buffer, new SupervisedObjective(), classCount, accuracy, cancellationToken: cancellationToken);
        if (result.Failure is not null) throw new TrainingException($"Fine-tuning '{modelName}' failed: {result.Failure}");
        double lastLoss = result.EpochLosses.Count == 0 ? double.NaN : result.EpochLosses[^1];
        LogFinished(_logger, modelName, result.Steps, lastLoss, accuracy.LastEpoch, clock.ElapsedMilliseconds);
        return new FineTuneResult(weights.Values(), result, accuracy.LastEpoch, clock.Elapsed);
    }

    /// <summary>The model's class count from one forward pass, checked against the labels.</summary>
    private static int ClassCount(GraphExecutor executor, string inputName, string outputName, ImageDataset data, string modelName)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var probe = data.ToTensor(0, 1);
        Tensor logits;
        try
        {
            logits = executor.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [inputName] = probe })[outputName];
        }
        catch (GraphExecutionException e)
        {
            throw new TrainingException(
                $"Model '{modelName}' cannot run on the training images [N,{data.Channels},{data.Height},{data.Width}] fed to input '{inputName}': {e.Message}", e);
        }
        if (logits.dim() != 2)
            throw new TrainingException($"Model '{modelName}' output '{outputName}' has shape [{string.Join(",", logits.shape)}]; fine-tuning needs logits [N, classes].");
        int classes = (int)logits.shape[1];
        int maxLabel = data.Labels!.Max();
        if (maxLabel >= classes)
            throw new TrainingException($"The training data has label {maxLabel}, but model '{modelName}' output '{outputName}' scores only {classes} classes.");
        return classes;
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information,
        Message = "Fine-tuning {Model}: {Tensors} initializers on {Images} images under {Condition} for {Epochs} epochs")]
    private static partial void LogStarting(ILogger logger, string model, int tensors, int images, string condition, int epochs);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information,
        Message = "Fine-tuned {Model}: {Steps} steps, last epoch loss {Loss:F4}, train accuracy {Accuracy:P2}, {ElapsedMs} ms")]
    private static partial void LogFinished(ILogger logger, string model, long steps, double loss, double accuracy, long elapsedMs);
}
