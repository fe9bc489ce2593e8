using MQTTnet;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// Sends messages to the broker. <see cref="Enqueue"/> never blocks: while the agent is offline messages wait in a
/// bounded buffer (oldest dropped and counted when full) and are sent after reconnecting.
/// </summary>
internal interface IMqttPublisher
{
    /// <summary>True while a broker connection is up.</summary>
    bool IsConnected { get; }

    /// <summary>Queues a message for sending.</summary>
    void Enqueue(MqttApplicationMessage message);
}
