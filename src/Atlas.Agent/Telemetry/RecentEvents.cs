namespace Atlas.Agent.Telemetry;

/// <summary>
/// The last events the agent published on <c>events</c> (newest last), kept in memory for the status page, which
/// cannot subscribe to MQTT. Bounded; thread-safe.
/// </summary>
internal sealed class RecentEvents(int capacity = 32)
{
    private readonly Queue<IReadOnlyDictionary<string, object?>> _events = new(capacity);
    private readonly Lock _gate = new();

    /// <summary>Keeps one event body (<c>type</c>, <c>at</c> and its details), dropping the oldest when full.</summary>
    public void Add(IReadOnlyDictionary<string, object?> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (_gate)
        {
            if (_events.Count == capacity) _events.Dequeue();
            _events.Enqueue(body);
        }
    }

    /// <summary>The kept events, oldest first.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Snapshot()
    {
        lock (_gate) return [.. _events];
    }
}
