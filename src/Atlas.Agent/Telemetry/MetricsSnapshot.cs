namespace Atlas.Agent.Telemetry;

/// <summary>The counters published on <c>metrics</c> (JSON names are the camelCase property names).</summary>
/// <param name="LatencyP50Milliseconds">Median time from frame received to prediction published, over the recent window; null before the first prediction.</param>
/// <param name="LatencyP99Milliseconds">99th percentile of the same.</param>
/// <param name="LatencySamples">Predictions in the latency window.</param>
internal sealed record MetricsSnapshot(
    long FramesReceived,
    long FramesDecoded,
    long FramesDropped,
    long FramesBad,
    long Predictions,
    long InferenceFailures,
    long OutgoingDropped,
    long Reconnects,
    int QueueDepth,
    double? LatencyP50Milliseconds,
    double? LatencyP99Milliseconds,
    int LatencySamples);
