using System.Diagnostics;
using System.Runtime.InteropServices;
using Atlas.Engine.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Evaluation;

/// <summary>
/// Measures a classifier on a dataset through ONNX Runtime (CPU): top-1 accuracy overall and per class, the confusion
/// matrix, and mean softmax confidence and entropy of the model's first output. The model's first input takes the images
/// as float [N, C, H, W] in [0, 1]; a fixed batch dimension is honoured by padding the last batch.
/// </summary>
/// <remarks>
/// To evaluate a composed model (base plus scaled task vectors) without writing it to disk, build the session with
/// <see cref="SessionOptions.AddInitializer"/> for each composed tensor and pass it to
/// <see cref="Evaluate(InferenceSession, ImageDataset, EvaluationOptions?, CancellationToken)"/>, or pass those options
/// to <see cref="Evaluate(string, ImageDataset, EvaluationOptions?, SessionOptions?, CancellationToken)"/>.
/// </remarks>
public sealed partial class ModelEvaluator
{
    private readonly ILogger _logger;

    /// <summary>Creates an evaluator that logs a summary per run to <paramref name="logger"/> (none when null).</summary>
    public ModelEvaluator(ILogger<ModelEvaluator>? logger = null) => _logger = logger ?? NullLogger<ModelEvaluator>.Instance;

    /// <summary>Loads <paramref name="modelPath"/> into a session of its own (disposed before returning) and evaluates it.</summary>
    /// <param name="modelPath">An ONNX model file.</param>
    /// <param name="data">Images and, for accuracy, labels.</param>
    /// <param name="options">Batching and condition; defaults when null.</param>
    /// <param name="sessionOptions">Session settings, e.g. composed weights as initializer overrides; the caller keeps
    /// ownership (and must keep any initializer's OrtValue alive until this method returns).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EvaluationReport Evaluate(string modelPath, ImageDataset data, EvaluationOptions? options = null,
        SessionOptions? sessionOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        InferenceSession session;
        try
        {
            session = sessionOptions is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EvaluationException($"Cannot load model '{modelPath}': {e.Message}", e);
        }
        using (session)
        {
            return Evaluate(session, data, options, cancellationToken);
        }
    }

    /// <summary>Evaluates an open session (not disposed here) on <paramref name="data"/>.</summary>
    /// <param name="session">The model; its first input and first output are used.</param>
    /// <param name="data">Images and, for accuracy, labels.</param>
    /// <param name="options">Batching and condition; defaults when null.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EvaluationReport Evaluate(InferenceSession session, ImageDataset data, EvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new EvaluationOptions();
        options.Validate();
        if (data.Count == 0)
        {
            throw new EvaluationException("The dataset is empty; there is nothing to evaluate.");
        }
        var binding = ModelBinding.Create(session, data);
        var images = options.Condition is null ? data : options.Condition.Apply(data, options.Seed);
        var batchSize = binding.FixedBatch ?? Math.Min(options.BatchSize, images.Count);
        var stopwatch = Stopwatch.StartNew();
        PredictionTally? tally = null;
        using var runOptions = new RunOptions();
        for (var start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(batchSize, images.Count - start);
            var (scores, classes) = RunBatch(session, binding, images, start, rows, batchSize, runOptions);
            tally ??= CreateTally(binding, images, classes);
            tally.Add(start, scores, rows);
        }
        var report = tally!.ToReport(images, options);
        LogEvaluated(_logger, report.ImageCount, report.Condition, report.Accuracy ?? double.NaN, report.MeanEntropy,
            stopwatch.ElapsedMilliseconds);
        return report;
    }

    private static (float[] Scores, int Classes) RunBatch(InferenceSession session, ModelBinding binding, ImageDataset images,
        int start, int rows, int batchSize, RunOptions runOptions)
    {
        var size = images.ImageSize;
        var pixels = images.Slice(start, rows).Pixels;
        // A fixed-batch model gets a zero-padded copy for the last batch; otherwise ORT reads the dataset's memory directly.
        Memory<float> feed = binding.FixedBatch is null || rows == batchSize
            ? MemoryMarshal.AsMemory(pixels)
            : Padded(pixels, batchSize * size);
        var fed = binding.FixedBatch ?? rows;
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, feed,
            [fed, images.Channels, images.Height, images.Width]);
        try
        {
            using var outputs = session.Run(runOptions, [binding.InputName], [input], [binding.OutputName]);
            var output = outputs[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            var total = output.GetTensorDataAsSpan<float>();
            if (shape.Length < 1 || shape[0] != fed || total.Length % fed != 0 || total.Length == 0)
            {
                throw new EvaluationException(
                    $"Model output '{binding.OutputName}' has shape [{string.Join(", ", shape)}] for a batch of {fed}; " +
                    "expected one row of class scores per image.");
            }
            var classes = total.Length / fed;
            return (total[..(rows * classes)].ToArray(), classes);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EvaluationException(
                $"ONNX Runtime failed on images [{start}, {start + rows}) fed to input '{binding.InputName}': {e.Message}", e);
        }
    }

    private static float[] Padded(ReadOnlyMemory<float> pixels, int length)
    {
        var buffer = new float[length];
        pixels.Span.CopyTo(buffer);
        return buffer;
    }

    private static PredictionTally CreateTally(ModelBinding binding, ImageDataset data, int classes)
    {
        if (data.Labels is { } labels && labels.Count > 0 && labels.Max() is var maxLabel && maxLabel >= classes)
        {
            throw new EvaluationException(
                $"The data has label {maxLabel}, but model output '{binding.OutputName}' scores only {classes} classes.");
        }
        return new PredictionTally(data, classes);
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information,
        Message = "Evaluated {ImageCount} images under {Condition}: top-1 {Accuracy:P2}, mean entropy {Entropy:F4} nats, {ElapsedMs} ms")]
    private static partial void LogEvaluated(ILogger logger, int imageCount, string condition, double accuracy, double entropy, long elapsedMs);
}
