using Atlas.Agent.Configuration;
using Atlas.Agent.Ingest;
using Atlas.Agent.Mqtt;
using Atlas.Engine.Inference;
using MQTTnet;
using MQTTnet.Protocol;

namespace Atlas.Agent.Telemetry;

/// <summary>
/// The retained <c>status</c> message: <c>online</c> with the agent and model versions, published on every
/// (re)connect; <c>offline</c> published on a graceful stop and registered as the last will, so the broker
/// publishes it when the agent dies or loses its connection.
/// </summary>
internal sealed class StatusReporter(TopicLayout topics, ModelCatalog catalog, InferenceHost host, IRuntimeSettingsSource settings, TimeProvider time)
    : IMqttConnectionListener
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public static string AgentVersion { get; } =
        typeof(StatusReporter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public IEnumerable<MqttApplicationMessage> MessagesOnConnect() => [Online()];

    public MqttApplicationMessage? MessageOnStop() => Message(Offline("stopped"));

    /// <summary>The last-will payload: <c>offline</c>, reason <c>connection lost</c>.</summary>
    public byte[] LastWill() => JsonMessage.Serialize(Offline("connection lost"));

    /// <summary>The current <c>online</c> status message.</summary>
    public MqttApplicationMessage Online() => Message(Describe());

    /// <summary>The <c>online</c> status document (also the <c>status</c> command's answer).</summary>
    public IReadOnlyDictionary<string, object?> Describe()
    {
        var info = host.Current;
        var model = catalog.Current;
        return new Dictionary<string, object?>
        {
            ["state"] = "online",
            ["device"] = topics.Device,
            ["agentVersion"] = AgentVersion,
            ["startedAt"] = _startedAt,
            ["configVersion"] = settings.Current.Version,
            ["model"] = info is null ? null : new Dictionary<string, object?>
            {
                ["path"] = model?.Path,
                ["version"] = info.Version,
                ["baseVersion"] = model?.BaseVersion,
                ["input"] = info.InputName,
                ["shape"] = info.SampleShape,
                ["classes"] = info.ClassCount,
                ["providers"] = info.Providers,
            },
        };
    }

    private Dictionary<string, object?> Offline(string reason) => new()
    {
        ["state"] = "offline",
        ["device"] = topics.Device,
        ["agentVersion"] = AgentVersion,
        ["reason"] = reason,
    };

    private MqttApplicationMessage Message(object payload) =>
        JsonMessage.Create(topics.Status, payload, retain: true, qos: MqttQualityOfServiceLevel.AtLeastOnce);
}
