using Atlas.Agent.Configuration;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// Every topic the agent uses, all under <c>&lt;prefix&gt;/&lt;device&gt;/</c> (see docs/mqtt.md), and the parsing of
/// incoming topics back into what they address.
/// </summary>
internal sealed class TopicLayout
{
    public TopicLayout(string prefix, string device, string? sharedGroup = null)
    {
        Prefix = prefix;
        Device = device;
        Root = $"{prefix}/{device}";
        FramesFilter = sharedGroup is null ? $"{Root}/frames/#" : $"$share/{sharedGroup}/{prefix}/+/frames/#";
    }

    public string Prefix { get; }

    public string Device { get; }

    /// <summary><c>&lt;prefix&gt;/&lt;device&gt;</c>.</summary>
    public string Root { get; }

    /// <summary>The subscription for frames: this device's cameras, or the shared group's filter over every device.</summary>
    public string FramesFilter { get; }

    public string ConfigDesired => $"{Root}/config/desired";

    public string ConfigReported => $"{Root}/config/reported";

    public string CommandFilter => $"{Root}/cmd/+";

    public string Status => $"{Root}/status";

    public string Metrics => $"{Root}/metrics";

    public string Events => $"{Root}/events";

    public static TopicLayout From(AgentOptions agent, MqttOptions mqtt) =>
        new(agent.TopicPrefix, agent.DeviceId, mqtt.SharedSubscriptionGroup);

    public string Predictions(string camera) => $"{Root}/predictions/{camera}";

    public string Frames(string camera) => $"{Root}/frames/{camera}";

    public string Command(string name) => $"{Root}/cmd/{name}";

    /// <summary>Where a command's answer goes when the request names no MQTT 5 response topic.</summary>
    public string DefaultCommandResponse(string name) => $"{Root}/responses/{name}";

    /// <summary>Classifies an incoming topic. Frames may arrive for any device when a shared group is used.</summary>
    public IncomingTopic Parse(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic == ConfigDesired) return new IncomingTopic(IncomingKind.ConfigDesired, "");
        var commandPrefix = $"{Root}/cmd/";
        if (topic.StartsWith(commandPrefix, StringComparison.Ordinal) && topic.Length > commandPrefix.Length && !topic[commandPrefix.Length..].Contains('/'))
            return new IncomingTopic(IncomingKind.Command, topic[commandPrefix.Length..]);
        var levels = topic.Split('/');
        if (levels.Length >= 4 && levels[0] == Prefix && levels[2] == "frames")
            return new IncomingTopic(IncomingKind.Frame, string.Join('/', levels[3..]));
        return new IncomingTopic(IncomingKind.Unknown, "");
    }
}
