using MQTTnet;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>A command request as a hostile operator might send it, and whether it is malformed (must be refused).</summary>
internal sealed record HostileCommand(string Name, byte[] Payload, string? ReplyTopic, byte[] Correlation, bool Malformed)
{
    public MqttApplicationMessage ToMessage(string topic)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Payload).WithCorrelationData(Correlation)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        if (ReplyTopic is not null) builder = builder.WithResponseTopic(ReplyTopic);
        return builder.Build();
    }
}
