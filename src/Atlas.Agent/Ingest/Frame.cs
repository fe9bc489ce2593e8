namespace Atlas.Agent.Ingest;

/// <summary>One camera frame as received, before decoding.</summary>
/// <param name="Camera">The camera (the topic levels after <c>frames/</c>).</param>
/// <param name="FrameId">The <c>frame-id</c> user property, or a generated <c>&lt;camera&gt;-&lt;n&gt;</c>.</param>
/// <param name="Timestamp">The <c>timestamp</c> user property as sent (echoed in the prediction), if any.</param>
/// <param name="Payload">Image bytes or a raw tensor.</param>
/// <param name="ContentType">The MQTT 5 content type, if any.</param>
/// <param name="Shape">The <c>shape</c> user property of a raw tensor, if any.</param>
/// <param name="ReceivedTimestamp">When the agent received it (<see cref="TimeProvider.GetTimestamp"/>), for latency.</param>
internal sealed record Frame(
    string Camera,
    string FrameId,
    string? Timestamp,
    byte[] Payload,
    string? ContentType,
    string? Shape,
    long ReceivedTimestamp)
{
    /// <summary>Content type of a raw little-endian float32 tensor frame.</summary>
    public const string TensorContentType = "application/x-atlas-tensor";

    /// <summary>True when the frame carries a raw tensor instead of an image.</summary>
    public bool IsTensor => string.Equals(ContentType, TensorContentType, StringComparison.OrdinalIgnoreCase);
}
