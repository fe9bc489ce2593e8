namespace Atlas.Agent.Telemetry;

/// <summary>
/// The agent's counters and latency window, shared by the ingest, inference and MQTT components and read by the
/// periodic <c>metrics</c> publisher and the <c>status</c>/<c>snapshot</c> commands. Thread-safe.
/// </summary>
internal sealed class AgentMetrics
{
    private long _framesReceived;
    private long _framesDecoded;
    private long _framesDropped;
    private long _framesBad;
    private long _predictions;
    private long _inferenceFailures;
    private long _outgoingDropped;
    private long _reconnects;
    private long _brokerConnectionsRefused;
    private long _brokerPublishesRefused;
    private long _brokerSubscriptionsRefused;

    public LatencyWindow Latency { get; } = new(capacity: 4096);

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    public long FramesDecoded => Interlocked.Read(ref _framesDecoded);

    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    public long FramesBad => Interlocked.Read(ref _framesBad);

    public long Predictions => Interlocked.Read(ref _predictions);

    public long InferenceFailures => Interlocked.Read(ref _inferenceFailures);

    public long OutgoingDropped => Interlocked.Read(ref _outgoingDropped);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Connections the embedded broker refused (bad credentials, unknown user).</summary>
    public long BrokerConnectionsRefused => Interlocked.Read(ref _brokerConnectionsRefused);

    /// <summary>Publishes the embedded broker refused because the client's role does not allow the topic.</summary>
    public long BrokerPublishesRefused => Interlocked.Read(ref _brokerPublishesRefused);

    /// <summary>Subscriptions the embedded broker refused because the client's role may not read the topics.</summary>
    public long BrokerSubscriptionsRefused => Interlocked.Read(ref _brokerSubscriptionsRefused);

    /// <summary>Frames waiting in the ingest queue; set by the queue.</summary>
    public Func<int> QueueDepth { get; set; } = static () => 0;

    public void FrameReceived() => Interlocked.Increment(ref _framesReceived);

    public void FrameDecoded() => Interlocked.Increment(ref _framesDecoded);

    public void FrameDropped() => Interlocked.Increment(ref _framesDropped);

    public void FrameBad() => Interlocked.Increment(ref _framesBad);

    public void PredictionPublished(double latencyMilliseconds)
    {
        Interlocked.Increment(ref _predictions);
        Latency.Add(latencyMilliseconds);
    }

    public void InferenceFailed() => Interlocked.Increment(ref _inferenceFailures);

    public void OutgoingMessageDropped() => Interlocked.Increment(ref _outgoingDropped);

    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    public void BrokerConnectionRefused() => Interlocked.Increment(ref _brokerConnectionsRefused);

    public void BrokerPublishRefused() => Interlocked.Increment(ref _brokerPublishesRefused);

    public void BrokerSubscriptionRefused() => Interlocked.Increment(ref _brokerSubscriptionsRefused);

    /// <summary>A consistent-enough copy of every counter, as published on the <c>metrics</c> topic.</summary>
    public MetricsSnapshot Snapshot()
    {
        var (p50, p99, count) = Latency.Percentiles();
        return new MetricsSnapshot(
            FramesReceived, FramesDecoded, FramesDropped, FramesBad, Predictions, InferenceFailures,
            OutgoingDropped, Reconnects, BrokerConnectionsRefused, BrokerPublishesRefused, BrokerSubscriptionsRefused, QueueDepth(), p50, p99, count);
    }
}
