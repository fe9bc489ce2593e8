using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace Atlas.Agent.Configuration;

/// <summary>
/// The settings an operator may change while the agent runs, through the retained <c>config/desired</c> topic
/// (section <c>Runtime</c> gives the values used until a document arrives). Every member is applied live.
/// The published JSON schema is <c>docs/config.schema.json</c>; keep the two in step.
/// </summary>
public sealed class RuntimeSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Runtime";

    /// <summary>
    /// Version of the document these settings came from. A remote document must carry a version ≥ 1 that is not
    /// older than the one in force; 0 means "local configuration, no document applied yet".
    /// </summary>
    [Range(0, long.MaxValue)]
    public long Version { get; set; }

    /// <summary>How many labels each prediction lists, best first. Default 3.</summary>
    [Range(1, 1000)]
    public int TopK { get; set; } = 3;

    /// <summary>Labels scoring below this softmax probability are left out of a prediction. Default 0 (keep all top-k).</summary>
    [Range(0.0, 1.0)]
    public double ScoreThreshold { get; set; }

    /// <summary>Default minimum log level (<c>Trace</c>…<c>None</c>). Default <c>Information</c>.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Seconds between two <c>metrics</c> messages. Default 10.</summary>
    [Range(1, 3600)]
    public int MetricsIntervalSeconds { get; set; } = 10;

    /// <summary>Automatic on-device adaptation: when the agent starts a round by itself (read live by the adaptation scheduler).</summary>
    [Required]
    public AdaptationSettings Adaptation { get; set; } = new();

    /// <summary>A deep copy (documents are applied onto a copy, never onto the settings in force).</summary>
    public RuntimeSettings Clone() => new()
    {
        Version = Version,
        TopK = TopK,
        ScoreThreshold = ScoreThreshold,
        LogLevel = LogLevel,
        MetricsIntervalSeconds = MetricsIntervalSeconds,
        Adaptation = Adaptation.Clone(),
    };
}
