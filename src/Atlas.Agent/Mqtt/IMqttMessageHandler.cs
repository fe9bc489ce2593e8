using MQTTnet;

namespace Atlas.Agent.Mqtt;

/// <summary>Receives every message that arrives on the agent's subscriptions.</summary>
internal interface IMqttMessageHandler
{
    /// <summary>Handles one message. Must be quick (it runs on the client's receive path) and must not throw.</summary>
    Task HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken);
}
