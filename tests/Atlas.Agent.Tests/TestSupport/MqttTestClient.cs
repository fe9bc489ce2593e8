using System.Buffers;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>
/// A real MQTT 5 client for tests: records every message on its subscriptions and lets a test await the first one
/// matching a condition, with a timeout (never a sleep).
/// </summary>
internal sealed class MqttTestClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<MqttApplicationMessage> _received = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MqttTestClient()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            lock (_gate)
            {
                _received.Add(e.ApplicationMessage);
                _arrived.TrySetResult();
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return Task.CompletedTask;
        };
    }

    public static Task<MqttTestClient> ConnectAsync(int port, params string[] filters) => ConnectCoreAsync(port, null, null, filters);

    /// <summary>Connects with a user name and password (a broker with access control).</summary>
    public static Task<MqttTestClient> ConnectAsAsync(int port, string userName, string password, params string[] filters) =>
        ConnectCoreAsync(port, userName, password, filters);

    /// <summary>Connects with options the test adds to the defaults (e.g. TLS); the endpoint is 127.0.0.1:<paramref name="port"/>.</summary>
    public static Task<MqttTestClient> ConnectWithAsync(int port, Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder> configure, params string[] filters) =>
        ConnectCoreAsync(port, null, null, filters, configure);

    private static async Task<MqttTestClient> ConnectCoreAsync(
        int port, string? userName, string? password, string[] filters, Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder>? configure = null)
    {
        var client = new MqttTestClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithClientId("test-" + Guid.NewGuid().ToString("N")[..8]);
        if (userName is not null) options = options.WithCredentials(userName, password);
        if (configure is not null) options = configure(options);
        try
        {
            await client._client.ConnectAsync(options.Build(), timeout.Token);
        }
        catch
        {
            client._client.Dispose();
            throw;
        }
        if (filters.Length > 0)
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var f in filters) subscribe = subscribe.WithTopicFilter(f, MqttQualityOfServiceLevel.AtLeastOnce);
            await client._client.SubscribeAsync(subscribe.Build(), timeout.Token);
        }
        return client;
    }

    public IReadOnlyList<MqttApplicationMessage> Received
    {
        get
        {
            lock (_gate) return [.. _received];
        }
    }

    public Task PublishAsync(MqttApplicationMessage message) => _client.PublishAsync(message, CancellationToken.None);

    public Task PublishJsonAsync(string topic, string json, bool retain = false) =>
        PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(json).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>The first message (already received or arriving within <paramref name="timeout"/>) that matches.</summary>
    public async Task<MqttApplicationMessage> WaitForAsync(Func<MqttApplicationMessage, bool> match, TimeSpan? timeout = null, int skip = 0)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_gate)
            {
                var found = _received.Where(match).Skip(skip).FirstOrDefault();
                if (found is not null) return found;
                next = _arrived.Task;
            }
            try
            {
                await next.WaitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching message within {timeout ?? TimeSpan.FromSeconds(30)}; received topics: {string.Join(", ", Received.Select(m => m.Topic))}");
            }
        }
    }

    public Task<MqttApplicationMessage> WaitForTopicAsync(string topic, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic && (match is null || match(Json(m))), timeout);

    public static JsonElement Json(MqttApplicationMessage message) =>
        JsonDocument.Parse(message.Payload.ToArray()).RootElement.Clone();

    public static string Text(MqttApplicationMessage message) => Encoding.UTF8.GetString(message.Payload.ToArray());

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
            }
        }
        _client.Dispose();
    }
}
