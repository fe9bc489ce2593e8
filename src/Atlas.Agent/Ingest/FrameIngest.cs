using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Packets;

namespace Atlas.Agent.Ingest;

/// <summary>
/// Accepts a message from <c>frames/&lt;camera&gt;</c>: counts it, refuses an oversized payload before copying it,
/// and queues the frame for the <see cref="InferenceWorker"/>.
/// </summary>
internal sealed class FrameIngest(FrameQueue queue, BadFrameReporter bad, AgentMetrics metrics, IOptions<IngestOptions> options, TimeProvider time)
{
    public void Accept(MqttApplicationMessage message, string camera)
    {
        ArgumentNullException.ThrowIfNull(message);
        var received = time.GetTimestamp();
        metrics.FrameReceived();
        var limit = options.Value.Limits.MaxPayloadBytes;
        if (message.Payload.Length > limit)
        {
            var id = message.UserProperties?.FirstOrDefault(p => p.Name == FrameMessageReader.FrameIdProperty)?.ReadValueAsString() ?? "?";
            bad.Report(camera, id, $"The frame payload has {message.Payload.Length} bytes; the limit is {limit}.");
            return;
        }
        queue.Enqueue(FrameMessageReader.Read(message, camera, received));
    }
}
