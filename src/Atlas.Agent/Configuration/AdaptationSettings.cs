using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Remote settings of the on-device adaptation service. Only validated, persisted and reported for now: the
/// adaptation service (a later issue) reads them through <see cref="IRuntimeSettingsSource"/>.
/// </summary>
public sealed class AdaptationSettings
{
    /// <summary>Whether the agent adapts itself to its camera. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Adapt after this many frames (0: never by count). Default 0.</summary>
    [Range(0, int.MaxValue)]
    public int EveryFrames { get; set; }

    /// <summary>Adapt after this many seconds (0: never by time). Default 0.</summary>
    [Range(0, 86_400 * 30)]
    public int EverySeconds { get; set; }

    /// <summary>A deep copy.</summary>
    public AdaptationSettings Clone() => new() { Enabled = Enabled, EveryFrames = EveryFrames, EverySeconds = EverySeconds };
}
