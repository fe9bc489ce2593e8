using System.Text.Json;

namespace Atlas.Benchmarks.Soak;

/// <summary>An <c>events</c> message received <paramref name="At"/> seconds into the soak.</summary>
internal sealed record SoakEvent(double At, string Type, JsonElement Json);

/// <summary>A <c>metrics</c> message received <paramref name="At"/> seconds into the soak.</summary>
internal sealed record SoakMetricsSample(double At, JsonElement Json);

/// <summary>One command the soak sent and how it was answered (<paramref name="Accepted"/>: the round's decision, for <c>adapt</c>).</summary>
internal sealed record SoakCommand(double At, string Name, bool Ok, bool? Accepted, double Milliseconds, string? Detail);

/// <summary>The agent's resident memory <paramref name="At"/> seconds into the soak, with the frames served by then.</summary>
internal sealed record MemorySample(double At, double RssMiB, long Served);
