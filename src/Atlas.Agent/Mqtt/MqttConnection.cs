using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// The agent's one MQTT 5 client and its reconnect loop (MQTTnet 5 has no managed client). It connects, subscribes
/// to frames, <c>config/desired</c> and <c>cmd/+</c>, publishes what the <see cref="IMqttConnectionListener"/>s want
/// published on every connect, then sends queued messages until the connection drops; then it waits an
/// exponentially growing, jittered delay (<see cref="ReconnectBackoff"/>, on the injected <see cref="TimeProvider"/>)
/// and starts over. Outgoing messages wait in the bounded <see cref="MqttOutbox"/> while offline.
/// A graceful stop publishes the listeners' stop messages (retained <c>offline</c>) before disconnecting, since a
/// clean disconnect suppresses the last will.
/// </summary>
internal sealed class MqttConnection : BackgroundService
{
    private static readonly TimeSpan StopPublishTimeout = TimeSpan.FromSeconds(2);
    private readonly MqttOptions _options;
    private readonly TopicLayout _topics;
    private readonly IEnumerable<IMqttConnectionListener> _listeners;
    private readonly IMqttMessageHandler _handler;
    private readonly AgentMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ReconnectBackoff _backoff;
    private readonly ILogger<MqttConnection> _logger;
    private readonly IMqttClient _client;
    private readonly MqttOutbox _outgoing;
    private readonly MqttClientOptions _clientOptions;
    private TaskCompletionSource _connected = NewSignal();
    private TaskCompletionSource _disconnected = NewSignal();
    private CancellationToken _stopping;
    private CancellationTokenSource? _loops;
    private Task? _loopsDone;
    private MqttApplicationMessage? _pending;

    public MqttConnection(
        IOptions<MqttOptions> options, TopicLayout topics, MqttOutbox outbox, IEnumerable<IMqttConnectionListener> listeners, IMqttMessageHandler handler,
        AgentMetrics metrics, TimeProvider time, ReconnectBackoff backoff, StatusReporter status, Access.InternalBrokerCredential internalCredential,
        Tls.EmbeddedBrokerTls embeddedTls, ILogger<MqttConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(status);
        _options = options.Value;
        _topics = topics;
        _listeners = listeners;
        _handler = handler;
        _metrics = metrics;
        _time = time;
        _backoff = backoff;
        _logger = logger;
        _outgoing = outbox;
        _clientOptions = MqttClientOptionsFactory.Create(_options, topics, status.LastWill(), internalCredential, embeddedTls);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += e =>
        {
            // A failed connection attempt also raises this event; only the loss of a live connection matters here.
            if (e.ClientWasConnected) Volatile.Read(ref _disconnected).TrySetResult();
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>Completes when the client is connected and subscribed (for tests and start-up ordering).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken) => Volatile.Read(ref _connected).Task.WaitAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop the connection and send loops first (the client stays connected), so nothing reconnects or
        // publishes "online" after the stop messages; then flush, publish "offline" and disconnect cleanly.
        if (_loops is not null)
        {
            await _loops.CancelAsync().ConfigureAwait(false);
            if (_loopsDone is not null) await _loopsDone.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_client.IsConnected)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StopPublishTimeout);
            try
            {
                await DrainOutgoingAsync(timeout.Token).ConfigureAwait(false);
                foreach (var message in _listeners.Select(l => l.MessageOnStop()).OfType<MqttApplicationMessage>())
                    await _client.PublishAsync(message, timeout.Token).ConfigureAwait(false);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
                AgentLog.Disconnected(_logger);
            }
            catch (Exception e) when (e is OperationCanceledException or MqttCommunicationException or InvalidOperationException)
            {
                // Stopping anyway: the broker publishes the last will if the clean disconnect did not get through.
            }
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _client.Dispose();
        _loops?.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _loops = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var token = _loops.Token;
        _stopping = token;
        var sender = Task.Run(() => SendLoopAsync(token), CancellationToken.None);
        var connection = Task.Run(() => ConnectionLoopAsync(token), CancellationToken.None);
        _loopsDone = Task.WhenAll(sender, connection);
        return _loopsDone;
    }

    private async Task ConnectionLoopAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        var everConnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                Volatile.Write(ref _disconnected, NewSignal());
                await _client.ConnectAsync(_clientOptions, stoppingToken).ConfigureAwait(false);
                await SubscribeAsync(stoppingToken).ConfigureAwait(false);
                foreach (var message in _listeners.SelectMany(l => l.MessagesOnConnect()))
                    await _client.PublishAsync(message, stoppingToken).ConfigureAwait(false);
                AgentLog.Connected(_logger, _options.Host, _options.Port, MqttClientOptionsFactory.ClientId(_options, _topics), _options.Tls.Enabled, _options.Username is not null);
                if (everConnected) _metrics.Reconnected();
                everConnected = true;
                attempt = 0;
                _outgoing.SetConnected(true);
                Volatile.Read(ref _connected).TrySetResult();
                await Volatile.Read(ref _disconnected).Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                reason = "connection lost";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                reason = e.Message;
                await AbandonConnectionAsync().ConfigureAwait(false);
            }
            _outgoing.SetConnected(false);
            Volatile.Write(ref _connected, NewSignal());
            var delay = _backoff.Delay(attempt++);
            AgentLog.ConnectionLost(_logger, _options.Host, _options.Port, reason, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>After a failure between connecting and being ready (e.g. a refused subscription), drops the half-set-up connection.</summary>
    private async Task AbandonConnectionAsync()
    {
        if (!_client.IsConnected) return;
        using var timeout = new CancellationTokenSource(StopPublishTimeout);
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or MqttCommunicationException or InvalidOperationException)
        {
            // The next attempt starts from a fresh connection either way.
        }
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_topics.FramesFilter, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(_topics.ConfigDesired, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(_topics.CommandFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        var refused = result.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToArray();
        if (refused.Length > 0)
        {
            throw new InvalidOperationException("The broker refused the subscriptions " +
                string.Join(", ", refused.Select(r => $"'{r.TopicFilter.Topic}' ({r.ResultCode})")));
        }
        AgentLog.Subscribed(_logger, string.Join(", ", subscribe.TopicFilters.Select(f => f.Topic)));
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var message = _pending ?? await _outgoing.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                _pending = message;
                await Volatile.Read(ref _connected).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
                    _pending = null;
                }
                catch (MqttProtocolViolationException e)
                {
                    // The message itself is invalid (e.g. a wildcard topic): retrying cannot help, and letting it
                    // escape would end this loop and stop the agent (found by fuzzing). Drop it.
                    AgentLog.PublishFailed(_logger, message.Topic, e);
                    _pending = null;
                }
                catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException)
                {
                    AgentLog.PublishFailed(_logger, message.Topic, e);
                    // The connection loop notices the loss; give it a moment instead of spinning.
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal end at shutdown.
        }
    }

    private async Task DrainOutgoingAsync(CancellationToken cancellationToken)
    {
        if (_pending is { } pending)
        {
            await _client.PublishAsync(pending, cancellationToken).ConfigureAwait(false);
            _pending = null;
        }
        while (_outgoing.Reader.TryRead(out var message))
            await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        try
        {
            await _handler.HandleAsync(e.ApplicationMessage, _stopping).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AgentLog.HandlerFailed(_logger, e.ApplicationMessage.Topic, exception);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
