using System.Threading.Channels;
using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Ingest;

/// <summary>
/// Frames waiting for inference: a bounded channel that drops the oldest waiting frame when a new one arrives and
/// it is full (a live camera wants its newest frame answered). Every drop is counted in <see cref="AgentMetrics"/>.
/// </summary>
internal sealed class FrameQueue
{
    private readonly Channel<Frame> _channel;

    public FrameQueue(IOptions<IngestOptions> options, AgentMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _channel = Channel.CreateBounded<Frame>(
            new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => metrics.FrameDropped());
        metrics.QueueDepth = () => _channel.Reader.Count;
    }

    public ChannelReader<Frame> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;

    /// <summary>Queues a frame; never blocks (the oldest waiting frame makes room when full).</summary>
    public void Enqueue(Frame frame) => _channel.Writer.TryWrite(frame);
}
