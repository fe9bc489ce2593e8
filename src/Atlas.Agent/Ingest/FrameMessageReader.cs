using System.Buffers;
using MQTTnet;
using MQTTnet.Packets;

namespace Atlas.Agent.Ingest;

/// <summary>Turns an MQTT message on <c>frames/&lt;camera&gt;</c> into a <see cref="Frame"/> (payload copied, properties read).</summary>
internal static class FrameMessageReader
{
    /// <summary>User property carrying the frame id.</summary>
    public const string FrameIdProperty = "frame-id";

    /// <summary>User property carrying the capture timestamp (echoed back as sent).</summary>
    public const string TimestampProperty = "timestamp";

    /// <summary>User property carrying a raw tensor's shape, e.g. <c>1,28,28</c>.</summary>
    public const string ShapeProperty = "shape";

    private static long s_sequence;

    public static Frame Read(MqttApplicationMessage message, string camera, long receivedTimestamp)
    {
        ArgumentNullException.ThrowIfNull(message);
        string? frameId = null, timestamp = null, shape = null;
        if (message.UserProperties is { } properties)
        {
            foreach (var property in properties)
            {
                switch (property.Name)
                {
                    case FrameIdProperty: frameId = property.ReadValueAsString(); break;
                    case TimestampProperty: timestamp = property.ReadValueAsString(); break;
                    case ShapeProperty: shape = property.ReadValueAsString(); break;
                }
            }
        }
        frameId ??= $"{camera}-{Interlocked.Increment(ref s_sequence)}";
        return new Frame(camera, frameId, timestamp, message.Payload.ToArray(), message.ContentType, shape, receivedTimestamp);
    }
}
