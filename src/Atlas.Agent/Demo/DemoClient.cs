using System.Buffers;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Atlas.Agent.Demo;

/// <summary>
/// The demo's own MQTT 5 client on the agent's broker, like any camera or operator tool: publishes frames, truth and
/// commands, and hands every message on its subscriptions (predictions, truth, events, coefficients, replies) to
/// <see cref="Received"/> as parsed JSON.
/// </summary>
internal sealed class DemoClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    private DemoClient()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            JsonElement json;
            try
            {
                using var document = JsonDocument.Parse(message.Payload.ToArray());
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Task.CompletedTask;
            }
            Received?.Invoke(message.Topic, json);
            return Task.CompletedTask;
        };
    }

    /// <summary>Called for every JSON message on the subscriptions, on MQTTnet's receive thread.</summary>
    public event Action<string, JsonElement>? Received;

    public static async Task<DemoClient> ConnectAsync(int port, IEnumerable<string> filters, CancellationToken cancellationToken)
    {
        var client = new DemoClient();
        try
        {
            var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId("atlas-demo-" + Guid.NewGuid().ToString("N")[..8]).Build();
            await client._client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in filters) subscribe = subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            await client._client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Publishes one frame as a raw float32 tensor (the agent's <c>application/x-atlas-tensor</c> format).</summary>
    public Task PublishFrameAsync(string topic, ReadOnlySpan<float> pixels, string shape, string frameId, CancellationToken cancellationToken)
    {
        var bytes = new byte[pixels.Length * sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels).CopyTo(bytes);
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(bytes)
            .WithContentType("application/x-atlas-tensor").WithUserProperty("shape", Utf8(shape)).WithUserProperty("frame-id", Utf8(frameId)).Build();
        return _client.PublishAsync(message, cancellationToken);
    }

    /// <summary>Publishes a JSON object (QoS 1).</summary>
    public Task PublishJsonAsync(string topic, object payload, CancellationToken cancellationToken, string? responseTopic = null)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), Mqtt.JsonMessage.Options))
            .WithContentType("application/json").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (responseTopic is not null) builder = builder.WithResponseTopic(responseTopic).WithCorrelationData(Guid.NewGuid().ToByteArray());
        return _client.PublishAsync(builder.Build(), cancellationToken);
    }

    private static ReadOnlyMemory<byte> Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync().ConfigureAwait(false);
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The broker went first; nothing to close.
        }
        _client.Dispose();
    }
}
