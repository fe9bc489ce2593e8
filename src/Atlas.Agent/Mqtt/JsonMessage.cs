using System.Text.Json;
using System.Text.Json.Serialization;
using MQTTnet;
using MQTTnet.Protocol;

namespace Atlas.Agent.Mqtt;

/// <summary>Builds the agent's outgoing JSON messages (camelCase names, enums as strings, UTF-8, content type set).</summary>
internal static class JsonMessage
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(object value) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);

    public static MqttApplicationMessage Create(string topic, object payload, bool retain = false,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtMostOnce, byte[]? correlationData = null) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Serialize(payload))
            .WithContentType("application/json")
            .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(qos)
            .WithCorrelationData(correlationData)
            .Build();
}
