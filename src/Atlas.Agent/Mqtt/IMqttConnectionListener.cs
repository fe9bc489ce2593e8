using MQTTnet;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// Something that must be (re)published every time the agent (re)connects, before anything buffered: the retained
/// <c>online</c> status, the retained <c>config/reported</c> document.
/// </summary>
internal interface IMqttConnectionListener
{
    /// <summary>Messages to publish right after each successful connection.</summary>
    IEnumerable<MqttApplicationMessage> MessagesOnConnect();

    /// <summary>The message to publish on a graceful stop, before disconnecting (e.g. retained <c>offline</c>); null for none.</summary>
    MqttApplicationMessage? MessageOnStop() => null;
}
