using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// The soak's one MQTT 5 connection: publishes frames and commands under <c>&lt;root&gt;/</c>, and turns what the agent
/// sends back into the soak's records as it arrives (predictions into the <see cref="FrameLedger"/>, events and
/// metrics into timed lists, command replies to their waiting callers by correlation data). Nothing is kept per
/// message beyond those records, so a long run holds no growing message list.
/// </summary>
internal sealed class SoakClient : IAsyncDisposable
{
    private const string ReplyTopic = "soak/replies";
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _root;
    private readonly SoakClock _clock;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<JsonElement>> _replies = new();
    private readonly TaskCompletionSource _online = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<SoakEvent> _events = [];
    private readonly List<SoakMetricsSample> _metrics = [];

    private SoakClient(string root, FrameLedger ledger, SoakClock clock)
    {
        _root = root;
        _clock = clock;
        Ledger = ledger;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Receive(e.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public FrameLedger Ledger { get; }

    /// <summary>Completes when the agent's retained <c>status</c> says <c>online</c>.</summary>
    public Task Online => _online.Task;

    public IReadOnlyList<SoakEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    public IReadOnlyList<SoakMetricsSample> Metrics
    {
        get { lock (_gate) return [.. _metrics]; }
    }

    /// <summary>Connects and subscribes to everything the agent publishes under <paramref name="root"/>.</summary>
    public static async Task<SoakClient> ConnectAsync(string host, int port, string root, FrameLedger ledger, SoakClock clock, CancellationToken cancellationToken)
    {
        var client = new SoakClient(root, ledger, clock);
        var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("soak-" + Guid.NewGuid().ToString("N")[..8]).WithKeepAlivePeriod(TimeSpan.FromSeconds(30)).Build();
        await client._client.ConnectAsync(options, cancellationToken);
        await client._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"{root}/predictions/#", MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter($"{root}/events", MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter($"{root}/metrics", MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter($"{root}/status", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(ReplyTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        return client;
    }

    /// <summary>Publishes one frame on <c>frames/soak</c> (QoS 0, like a camera) and enters it in the ledger.</summary>
    public async Task PublishFrameAsync(string frameId, byte[] payload, SoakFrames frames, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic($"{_root}/frames/soak").WithPayload(payload)
            .WithUserProperty("frame-id", Utf8(frameId));
        if (frames.IsTensor)
            message = message.WithContentType("application/x-atlas-tensor").WithUserProperty("shape", Utf8(frames.Shape));
        Ledger.Published(frameId);
        await _client.PublishAsync(message.Build(), cancellationToken);
    }

    /// <summary>Sends <c>cmd/&lt;name&gt;</c> with a response topic and correlation data; returns the reply document.</summary>
    public async Task<JsonElement> CommandAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[id] = reply;
        try
        {
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{_root}/cmd/{name}").WithPayload("{}")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithResponseTopic(ReplyTopic).WithCorrelationData(id.ToByteArray()).Build(), cancellationToken);
            return await reply.Task.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            _replies.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker may already be gone at the end of a run.
            }
        }
        _client.Dispose();
    }

    private void Receive(MqttApplicationMessage message)
    {
        var topic = message.Topic;
        if (topic == ReplyTopic)
        {
            if (message.CorrelationData is { Length: 16 } correlation && _replies.TryGetValue(new Guid(correlation), out var waiting))
                waiting.TrySetResult(Json(message));
            return;
        }
        if (!topic.StartsWith(_root + "/", StringComparison.Ordinal)) return;
        var kind = topic[(_root.Length + 1)..];
        if (kind.StartsWith("predictions/", StringComparison.Ordinal))
        {
            var prediction = Json(message);
            if (Text(prediction, "frameId") is { } frameId) Ledger.Answered(frameId, Text(prediction, "modelVersion"));
            return;
        }
        var at = _clock.Seconds;
        switch (kind)
        {
            case "status" when Text(Json(message), "state") == "online":
                _online.TrySetResult();
                break;
            case "events":
                var json = Json(message);
                lock (_gate) _events.Add(new SoakEvent(at, Text(json, "type") ?? "", json));
                break;
            case "metrics":
                var metrics = Json(message);
                lock (_gate) _metrics.Add(new SoakMetricsSample(at, metrics));
                break;
        }
    }

    /// <summary>A string property of a JSON object, or null (also when the payload was not an object).</summary>
    public static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static JsonElement Json(MqttApplicationMessage message)
    {
        try
        {
            using var document = JsonDocument.Parse(message.Payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
