using System.Threading.Channels;
using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// Messages waiting to be sent: a bounded drop-oldest queue, so a long outage keeps the newest predictions and
/// events and counts the rest as dropped. <see cref="MqttConnection"/> drains it while connected.
/// </summary>
internal sealed class MqttOutbox : IMqttPublisher
{
    private readonly Channel<MqttApplicationMessage> _queue;
    private volatile bool _connected;

    public MqttOutbox(IOptions<MqttOptions> options, AgentMetrics metrics, ILogger<MqttOutbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = Channel.CreateBounded<MqttApplicationMessage>(
            new BoundedChannelOptions(Math.Max(1, options.Value.OfflineBufferCapacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                metrics.OutgoingMessageDropped();
                AgentLog.OutgoingDropped(logger, dropped.Topic);
            });
    }

    public bool IsConnected => _connected;

    public ChannelReader<MqttApplicationMessage> Reader => _queue.Reader;

    public int Count => _queue.Reader.Count;

    public void Enqueue(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _queue.Writer.TryWrite(message);
    }

    internal void SetConnected(bool connected) => _connected = connected;
}
