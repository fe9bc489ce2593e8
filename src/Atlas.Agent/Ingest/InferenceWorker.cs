using Atlas.Agent.Adaptation;
using Atlas.Agent.Configuration;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Telemetry;
using Atlas.Engine.Imaging;
using Atlas.Engine.Inference;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Ingest;

/// <summary>
/// The serving loop: takes up to <see cref="IngestOptions.MaxBatchSize"/> waiting frames from the
/// <see cref="FrameQueue"/>, decodes them in parallel, runs the good ones as one batch through the
/// <see cref="InferenceHost"/> and publishes a prediction per frame. A frame that cannot be decoded is counted and
/// reported on <c>events</c>; an inference failure is counted and logged; neither stops the loop. Served frames are
/// offered to <see cref="AdaptationFrames"/> (a copy into a bounded buffer, nothing awaited).
/// </summary>
internal sealed class InferenceWorker(
    FrameQueue queue, ModelCatalog catalog, InferenceHost host, IRuntimeSettingsSource settings, IMqttPublisher publisher,
    TopicLayout topics, BadFrameReporter bad, AgentMetrics metrics, AdaptationFrames adaptation, PredictionQualityWindow quality, IOptions<IngestOptions> options, TimeProvider time,
    ILogger<InferenceWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Frame>(options.Value.MaxBatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < options.Value.MaxBatchSize && queue.Reader.TryRead(out var frame)) batch.Add(frame);
                if (batch.Count > 0) await ServeAsync(batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal end at shutdown; frames still queued are abandoned.
        }
    }

    private async Task ServeAsync(List<Frame> frames, CancellationToken cancellationToken)
    {
        var model = catalog.Required;
        var sampleLength = model.Preprocessor.Spec.SampleLength;
        var samples = new float[frames.Count][];
        var failures = new string?[frames.Count];
        await Parallel.ForAsync(0, frames.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Value.DecodeParallelism, CancellationToken = cancellationToken },
            (i, _) =>
            {
                try
                {
                    var frame = frames[i];
                    samples[i] = frame.IsTensor ? model.Preprocessor.DecodeTensor(frame.Payload, frame.Shape) : model.Preprocessor.DecodeImage(frame.Payload);
                }
                catch (FrameDecodeException e)
                {
                    failures[i] = e.Message;
                }
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);

        var good = new List<int>(frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            if (failures[i] is { } reason) bad.Report(frames[i].Camera, frames[i].FrameId, reason);
            else
            {
                metrics.FrameDecoded();
                good.Add(i);
            }
        }
        if (good.Count == 0) return;

        var contiguous = new float[good.Count * sampleLength];
        for (var j = 0; j < good.Count; j++) samples[good[j]].CopyTo(contiguous, j * sampleLength);
        InferenceResult[] results;
        try
        {
            results = await host.InferBatchAsync(contiguous, good.Count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var i in good)
            {
                metrics.InferenceFailed();
                AgentLog.InferenceFailed(logger, frames[i].FrameId, frames[i].Camera, e);
            }
            return;
        }
        var current = settings.Current;
        for (var j = 0; j < good.Count; j++)
        {
            var frame = frames[good[j]];
            var latency = time.GetElapsedTime(frame.ReceivedTimestamp).TotalMilliseconds;
            var prediction = new Prediction(frame.FrameId, frame.Camera, frame.Timestamp, results[j].ModelVersion, Math.Round(latency, 3),
                TopK.Select(results[j].Logits, model.Labels, current.TopK, current.ScoreThreshold));
            publisher.Enqueue(JsonMessage.Create(topics.Predictions(frame.Camera), prediction));
            metrics.PredictionPublished(latency);
            var summary = SoftmaxSummary.Of(results[j].Logits);
            quality.Add(summary);
            adaptation.Offer(model.Preprocessor.Spec, samples[good[j]], results[j].Logits, summary.Entropy);
        }
    }
}
