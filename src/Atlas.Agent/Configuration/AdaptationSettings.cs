using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Remote settings of automatic on-device adaptation (<c>Runtime:Adaptation</c>, or <c>adaptation</c> in a
/// <c>config/desired</c> document). The adaptation scheduler reads them live on every tick: a change takes effect
/// without a restart, and turning <see cref="Enabled"/> off cancels a running round. The <c>adapt</c> command works
/// whatever these say; they only govern the rounds the agent starts by itself.
/// </summary>
public sealed class AdaptationSettings
{
    /// <summary>Whether the agent starts adaptation rounds by itself (on the triggers below). Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Start a round after this many frames served since the last round started (0: never by count). Default 0.</summary>
    [Range(0, int.MaxValue)]
    public int EveryFrames { get; set; }

    /// <summary>Start a round this many seconds after the last one started (0: never by time). Default 0.</summary>
    [Range(0, 86_400 * 30)]
    public int EverySeconds { get; set; }

    /// <summary>
    /// Start a round when the rolling mean prediction entropy moves this far from its reference, as a relative change
    /// |current − reference| / max(reference, 0.05 nats) (0: no drift trigger). The reference is the mean over the
    /// first <see cref="DriftWindow"/> frames served at start and after every model swap. Default 0.
    /// </summary>
    [Range(0.0, 100.0)]
    public double DriftThreshold { get; set; }

    /// <summary>Frames in the reference and in the rolling window of the drift trigger. Default 200.</summary>
    [Range(10, 100_000)]
    public int DriftWindow { get; set; } = 200;

    /// <summary>
    /// Seconds that must pass after a round ends before the agent starts another by itself, so a drifting stream
    /// whose rounds keep being rejected does not run them back to back. Triggers that come due meanwhile wait. Default 10.
    /// </summary>
    [Range(0, 86_400)]
    public int MinIntervalSeconds { get; set; } = 10;

    /// <summary>A deep copy.</summary>
    public AdaptationSettings Clone() => new()
    {
        Enabled = Enabled,
        EveryFrames = EveryFrames,
        EverySeconds = EverySeconds,
        DriftThreshold = DriftThreshold,
        DriftWindow = DriftWindow,
        MinIntervalSeconds = MinIntervalSeconds,
    };
}
