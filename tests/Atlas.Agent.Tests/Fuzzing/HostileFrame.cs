using MQTTnet;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>A frame message as a hostile camera might send it, and whether it certainly cannot be served.</summary>
internal sealed record HostileFrame(byte[] Payload, string? ContentType, IReadOnlyList<(string Name, byte[] Value)> Properties, bool KnownBad)
{
    public MqttApplicationMessage ToMessage(string topic)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Payload);
        if (ContentType is not null) builder = builder.WithContentType(ContentType);
        foreach (var (name, value) in Properties) builder = builder.WithUserProperty(name, new ReadOnlyMemory<byte>(value));
        return builder.Build();
    }
}
