using Atlas.Agent.Configuration;
using Atlas.Engine.Inference;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// Starts adaptation rounds by itself. Every <see cref="Tick"/> it reads the remote <see cref="AdaptationSettings"/> in
/// force, drains the prediction entropies the serving loop left in <see cref="ServingSignals"/> into a
/// <see cref="DriftDetector"/> and asks the <see cref="TriggerPolicy"/> whether a trigger fires (every N frames, every
/// T seconds, or drift); a fired trigger goes to <see cref="AdaptationService.RunRoundAsync"/>, the entry point the
/// <c>adapt</c> command uses too, without being awaited: the scheduler keeps ticking while the round runs, so a trigger
/// that fires meanwhile is skipped and counted, and switching <c>enabled</c> off cancels the round. The serving loop never
/// waits on any of it. A model swap (an accepted round, <c>reset</c>, <c>rollback</c>) makes the drift detector
/// take a new reference.
/// </summary>
internal sealed partial class AdaptationScheduler(
    AdaptationService service, ServingSignals signals, IRuntimeSettingsSource settings, InferenceHost host, AdaptationEvents events, TimeProvider time,
    ILogger<AdaptationScheduler> logger) : BackgroundService
{
    /// <summary>How often the scheduler looks at the signals and the settings.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private DriftDetector _detector = null!;
    private TriggerPolicy _policy = null!;
    private long _position;
    private bool _enabled;
    private long _seenStarted;
    private long _seenEnded;
    private string? _version;
    private Task _round = Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var initial = settings.Current.Adaptation;
        _detector = new DriftDetector(initial.DriftWindow, initial.DriftThreshold);
        _position = signals.Served;
        _policy = new TriggerPolicy(_position, time.GetUtcNow());
        _enabled = initial.Enabled;
        _seenStarted = service.Rounds.Started;
        _seenEnded = service.Rounds.Ended;
        _version = host.Current?.Version;
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    Step(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.StepFailed(logger, e); // a fault here must not stop the agent: serving goes on, the next tick retries
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal end at shutdown.
        }
        finally
        {
            service.Rounds.Cancel("shutdown");
            await _round.ConfigureAwait(false);
        }
    }

    /// <summary>One look at the settings and the signals; starts a round when a trigger fires.</summary>
    private void Step(CancellationToken stoppingToken)
    {
        var s = settings.Current.Adaptation;
        var now = time.GetUtcNow();
        var rounds = service.Rounds;
        if (_enabled && !s.Enabled && rounds.Cancel("disabled")) Log.CancelledByConfig(logger);
        _enabled = s.Enabled;
        if (s.DriftWindow != _detector.Window || s.DriftThreshold != _detector.Threshold)
        {
            _detector = new DriftDetector(s.DriftWindow, s.DriftThreshold);
            _policy.ArmDrift();
        }
        var version = host.Current?.Version;
        if (!string.Equals(version, _version, StringComparison.Ordinal))
        {
            _version = version;
            _detector.Rebase();
            _policy.ArmDrift();
        }
        (_position, _) = signals.Read(_position, _detector.Observe);
        var served = _position;
        if (rounds.Started != _seenStarted)
        {
            _seenStarted = rounds.Started;
            var (startServed, startAt) = rounds.LastStart;
            _policy.Restart(startServed, startAt);
        }
        if (rounds.Ended != _seenEnded)
        {
            _seenEnded = rounds.Ended;
            _policy.ArmDrift();
        }
        var trigger = _policy.Fire(s, served, now, _detector.Drifted, rounds.Running is not null, rounds.LastEnded);
        if (trigger is null) return;
        var cause = Cause(trigger, s, served);
        if (trigger == AdaptationTriggers.Drift) events.Drift(cause);
        var round = RunAsync(trigger, cause, stoppingToken);
        if (!round.IsCompleted) _round = round;
    }

    private async Task RunAsync(string trigger, IReadOnlyDictionary<string, object?> cause, CancellationToken stoppingToken)
    {
        try
        {
            await service.RunRoundAsync(trigger, cause, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RoundFailed(logger, trigger, e);
            events.RoundFailed(new Dictionary<string, object?> { ["trigger"] = trigger, ["reason"] = $"{e.GetType().Name}: {e.Message}" });
        }
        catch (OperationCanceledException)
        {
            // Shutdown before the round began.
        }
    }

    /// <summary>The numbers behind a trigger, carried by the round's events.</summary>
    private Dictionary<string, object?> Cause(string trigger, AdaptationSettings s, long served) => trigger switch
    {
        AdaptationTriggers.Drift => new(StringComparer.Ordinal)
        {
            ["driftReference"] = Round(_detector.Reference),
            ["driftCurrent"] = Round(_detector.Current),
            ["driftChange"] = Round(_detector.Change),
            ["driftThreshold"] = s.DriftThreshold,
            ["driftWindow"] = s.DriftWindow,
            ["servedFrames"] = served,
        },
        AdaptationTriggers.Frames => new(StringComparer.Ordinal) { ["everyFrames"] = s.EveryFrames, ["servedFrames"] = served },
        _ => new(StringComparer.Ordinal) { ["everySeconds"] = s.EverySeconds, ["servedFrames"] = served },
    };

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1910, Level = LogLevel.Information, Message = "Automatic adaptation switched off by the remote configuration: the running round is cancelled")]
        public static partial void CancelledByConfig(ILogger logger);

        [LoggerMessage(EventId = 1912, Level = LogLevel.Error, Message = "Adaptation scheduler tick failed; retrying at the next tick")]
        public static partial void StepFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1911, Level = LogLevel.Error, Message = "Adaptation round started by {Trigger} failed")]
        public static partial void RoundFailed(ILogger logger, string trigger, Exception exception);
    }
}
