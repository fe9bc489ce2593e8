namespace Atlas.Agent.Telemetry;

/// <summary>The counters published on <c>metrics</c> (JSON names are the camelCase property names).</summary>
/// <param name="FramesReceived">Messages received on <c>frames/...</c>.</param>
/// <param name="FramesDecoded">Frames decoded into a model input.</param>
/// <param name="FramesDropped">Frames dropped from the full ingest queue (oldest first) under overload.</param>
/// <param name="FramesBad">Frames refused: oversized, undecodable, past the dimension limits, wrong tensor shape.</param>
/// <param name="Predictions">Predictions published.</param>
/// <param name="InferenceFailures">Decoded frames whose inference failed.</param>
/// <param name="OutgoingDropped">Outgoing messages dropped from the full offline buffer.</param>
/// <param name="Reconnects">Successful reconnections after a lost connection.</param>
/// <param name="BrokerConnectionsRefused">Connections the embedded broker refused (unknown user, wrong password, TLS client certificate missing or untrusted).</param>
/// <param name="BrokerPublishesRefused">Publishes the embedded broker refused because the client's role does not allow the topic.</param>
/// <param name="BrokerSubscriptionsRefused">Subscriptions the embedded broker refused because the client's role may not read the topics.</param>
/// <param name="QueueDepth">Frames waiting for inference now.</param>
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
    long BrokerConnectionsRefused,
    long BrokerPublishesRefused,
    long BrokerSubscriptionsRefused,
    int QueueDepth,
    double? LatencyP50Milliseconds,
    double? LatencyP99Milliseconds,
    int LatencySamples);
