using Atlas.Agent.Mqtt;

namespace Atlas.Agent.Telemetry;

/// <summary>
/// Publishes the agent's notable happenings on <c>events</c> as JSON <c>{ "type", "at", ...details }</c>
/// (types: <c>bad-frame</c>, <c>config-applied</c>, <c>config-rejected</c>, <c>model-published</c>,
/// <c>command-failed</c>, and the adaptation events named in <see cref="Adaptation.AdaptationEvents"/>; see docs/mqtt.md).
/// </summary>
internal sealed class EventPublisher(IMqttPublisher publisher, TopicLayout topics, TimeProvider time, RecentEvents recent)
{
    public void Publish(string type, IReadOnlyDictionary<string, object?> details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var body = new Dictionary<string, object?>(details.Count + 2, StringComparer.Ordinal)
        {
            ["type"] = type,
            ["at"] = time.GetUtcNow(),
        };
        foreach (var (key, value) in details) body[key] = value;
        recent.Add(body);
        publisher.Enqueue(JsonMessage.Create(topics.Events, body));
    }
}
