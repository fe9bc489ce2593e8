using System.ComponentModel.DataAnnotations;
using Atlas.Engine.Imaging;

namespace Atlas.Agent.Configuration;

/// <summary>How camera frames are queued and checked before inference (section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Ingest";

    /// <summary>
    /// Frames waiting for inference. When full, the oldest waiting frame is dropped (and counted) to make room:
    /// a live camera wants the newest frame answered. Default 64.
    /// </summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Most frames taken from the queue in one step and sent to the inference host together. Default 8.</summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>Frames decoded in parallel. Default 2.</summary>
    [Range(1, 64)]
    public int DecodeParallelism { get; set; } = 2;

    /// <summary>Payload and image-dimension limits checked before decoding.</summary>
    [Required]
    public FrameDecodeLimits Limits { get; set; } = new();
}
