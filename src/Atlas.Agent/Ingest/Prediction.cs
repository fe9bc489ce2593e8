namespace Atlas.Agent.Ingest;

/// <summary>The JSON published on <c>predictions/&lt;camera&gt;</c> (camelCase names; see docs/mqtt.md).</summary>
/// <param name="FrameId">The frame's <c>frame-id</c>.</param>
/// <param name="Camera">The camera it came from.</param>
/// <param name="Timestamp">The frame's <c>timestamp</c> user property, echoed as sent.</param>
/// <param name="ModelVersion">Version of the model (composition) that produced the logits.</param>
/// <param name="LatencyMilliseconds">From the agent receiving the frame to the prediction being queued for publishing.</param>
/// <param name="Top">The best labels, highest score first.</param>
internal sealed record Prediction(
    string FrameId,
    string Camera,
    string? Timestamp,
    string ModelVersion,
    double LatencyMilliseconds,
    IReadOnlyList<LabelScore> Top);
