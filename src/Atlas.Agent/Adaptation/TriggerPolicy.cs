using Atlas.Agent.Configuration;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// Decides when the agent starts a round by itself. The frame count and the clock run from the agent's start and
/// restart whenever a round starts, whatever started it (so switching automatic adaptation on after long enough
/// starts a round at once); a trigger that fires is consumed (its count or
/// clock restarts, drift is disarmed until the next round ends or the reference is retaken) whether its round could
/// start or was skipped because another one runs. After a round ends, no trigger fires for
/// <see cref="AdaptationSettings.MinIntervalSeconds"/>: those that come due meanwhile wait. Pure bookkeeping, no clock
/// or thread of its own: the scheduler passes every input.
/// </summary>
internal sealed class TriggerPolicy
{
    private long _framesMark;
    private DateTimeOffset _timeMark;
    private bool _driftArmed = true;

    /// <summary>Starts counting frames from <paramref name="served"/> and time from <paramref name="now"/>.</summary>
    public TriggerPolicy(long served, DateTimeOffset now) => Restart(served, now);

    /// <summary>Restarts the frame count and the clock (a round started).</summary>
    public void Restart(long served, DateTimeOffset now)
    {
        _framesMark = served;
        _timeMark = now;
    }

    /// <summary>Lets drift fire again (a round ended, or the drift reference was retaken).</summary>
    public void ArmDrift() => _driftArmed = true;

    /// <summary>
    /// The trigger that fires now, or null; a returned trigger is consumed. Drift comes first, then the frame count,
    /// then the clock.
    /// </summary>
    /// <param name="settings">The settings in force.</param>
    /// <param name="served">Frames served so far.</param>
    /// <param name="now">The time now.</param>
    /// <param name="drifted">Whether the drift detector reports drift.</param>
    /// <param name="running">Whether a round runs now (a trigger then fires, to be skipped and counted).</param>
    /// <param name="lastRoundEnded">When the last round ended, if one has.</param>
    public string? Fire(AdaptationSettings settings, long served, DateTimeOffset now, bool drifted, bool running, DateTimeOffset? lastRoundEnded)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled) return null;
        if (!running && lastRoundEnded is { } ended && now - ended < TimeSpan.FromSeconds(settings.MinIntervalSeconds)) return null;
        if (drifted && _driftArmed)
        {
            _driftArmed = false;
            return AdaptationTriggers.Drift;
        }
        if (settings.EveryFrames > 0 && served - _framesMark >= settings.EveryFrames)
        {
            _framesMark = served;
            return AdaptationTriggers.Frames;
        }
        if (settings.EverySeconds > 0 && now - _timeMark >= TimeSpan.FromSeconds(settings.EverySeconds))
        {
            _timeMark = now;
            return AdaptationTriggers.Timer;
        }
        return null;
    }
}
