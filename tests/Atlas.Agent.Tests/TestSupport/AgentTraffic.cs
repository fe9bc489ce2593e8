using System.Text.Json;
using Atlas.Engine.Data;
using MQTTnet;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>What a test client sends an agent: raw-tensor frames and commands with MQTT 5 request/response.</summary>
internal static class AgentTraffic
{
    /// <summary>Publishes image <paramref name="index"/> of <paramref name="images"/> as a raw float32 tensor frame.</summary>
    public static Task PublishTensorFrameAsync(MqttTestClient client, string root, ImageDataset images, string frameId, int index)
    {
        var size = images.ImageSize;
        var bytes = new byte[size * sizeof(float)];
        Buffer.BlockCopy(images.Pixels.Slice(index * size, size).ToArray(), 0, bytes, 0, bytes.Length);
        return client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{root}/frames/cam1").WithPayload(bytes)
            .WithUserText("frame-id", frameId).WithUserText("timestamp", "2026-01-01T00:00:00Z")
            .WithContentType("application/x-atlas-tensor").WithUserText("shape", $"{images.Channels},{images.Height},{images.Width}").Build());
    }

    /// <summary>Sends <c>cmd/name</c> with a response topic and correlation data and returns the matching reply.</summary>
    public static async Task<JsonElement> CommandAsync(MqttTestClient client, string root, string name, string replyTopic = "replies/me")
    {
        var correlation = Guid.NewGuid().ToByteArray();
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{root}/cmd/{name}").WithPayload("{}")
            .WithResponseTopic(replyTopic).WithCorrelationData(correlation).Build());
        var reply = await client.WaitForAsync(m => m.Topic == replyTopic && m.CorrelationData is not null && m.CorrelationData.SequenceEqual(correlation),
            TimeSpan.FromSeconds(60));
        return MqttTestClient.Json(reply);
    }
}
