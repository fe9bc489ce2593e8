using Atlas.Agent.Adaptation.Status;
using Atlas.Agent.Commands;
using Atlas.Agent.Configuration;
using Atlas.Agent.Ingest;
using Atlas.Agent.Plugins;
using Atlas.Engine.Adaptation;
using Atlas.Engine.Composition;
using Atlas.Engine.Inference;
using Atlas.Engine.Learning;
using Atlas.Engine.Plugins;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// On-device adaptation over a task-vector bank: <c>adapt</c> runs one <see cref="AdaptationRound"/> on a worker
/// thread over the frames the serving loop buffered and, when the candidate passes the acceptance criterion, stores
/// it and serves its composed weights; <c>reset</c> serves the base model (λ = 0) and <c>rollback</c> the previously
/// accepted composition, each recorded in the <see cref="CoefficientStateStore"/> so a restart resumes it.
/// Rounds start on the command or on the <see cref="AdaptationScheduler"/>'s triggers, all through
/// <see cref="RunRoundAsync"/>; one round or swap runs at a time, a running round can be cancelled
/// (<see cref="RoundControl.Cancel"/>), and serving never waits on any of it.
/// </summary>
internal sealed partial class AdaptationService(
    IOptions<AdaptationOptions> options, IOptions<AgentOptions> agent, AdaptationFrames frames, ModelCatalog catalog, InferenceHost host,
    ObjectivePluginReloader plugins, AdaptationEvents events, ServingSignals signals, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<AdaptationService> logger, AdaptationAssets assets, ObjectiveQuarantine quarantine, CoefficientView view)
    : IAdaptationService, IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private CoefficientStateStore? _store;
    private string _bankHash = "";
    private CoefficientSet? _current;
    private volatile string _state = "starting";

    public string State => _state;

    public IReadOnlyDictionary<string, object?> Report() => new Dictionary<string, object?>
    {
        ["state"] = _state,
        ["running"] = Rounds.Running,
        ["rounds"] = Rounds.Started,
        ["skipped"] = Rounds.Skipped,
        ["cancelled"] = Rounds.Cancelled,
    };

    /// <summary>The rounds' bookkeeping: what runs, counters, cancellation (read by the scheduler).</summary>
    public RoundControl Rounds { get; } = new();

    /// <summary>Reads the bank's identity and resumes the newest accepted composition learned on it, if any.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        o.Acceptance.Validate();
        AdaptationThreads.Apply(o.Threads);
        // Cancel at the first sign of shutdown, while the connection is still up to carry adaptation-cancelled.
        lifetime.ApplicationStopping.Register(() => Rounds.Cancel("shutdown"));
        _store = new CoefficientStateStore(o.StateDirectory ?? Path.Combine(agent.Value.StateDirectory, "adaptation"), o.RetainVersions, logger: logger);
        try
        {
            _bankHash = (await Task.Run(() => assets.Load(catalog.Required.Path), cancellationToken).ConfigureAwait(false)).BankHash;
        }
        catch (AssetValidationException e)
        {
            throw new AgentStartupException($"Adaptation cannot start: {e.Message}", e);
        }
        var latest = _store.LatestFor(_bankHash);
        if (latest is not null) await ServeAsync(latest.Coefficients, latest.Version.Version, "resumed", cancellationToken).ConfigureAwait(false);
        _state = "idle";
        Log.Ready(logger, o.Bank!, _bankHash, latest?.Version.Version ?? 0, o.Threads);
    }

    /// <summary>Cancels a running round (event <c>adaptation-cancelled</c>, nothing stored) and waits for it to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Rounds.Cancel("shutdown");
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            _gate.Release();
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first; the round ends on its own, storing nothing.
        }
    }

    public Task<CommandResult> AdaptAsync(CommandRequest request, CancellationToken cancellationToken) =>
        RunRoundAsync(AdaptationTriggers.Command, null, cancellationToken);

    public Task<CommandResult> CancelAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var running = Rounds.Running;
        return Task.FromResult(Rounds.Cancel("command")
            ? CommandResult.Success(new Dictionary<string, object?> { ["cancelled"] = true, ["trigger"] = running })
            : CommandResult.Success(new Dictionary<string, object?> { ["cancelled"] = false, ["reason"] = "no adaptation round is running" }));
    }

    /// <summary>
    /// The one entry point of a round, whatever started it: one round at a time (a trigger that comes while one runs is
    /// skipped, counted and reported), learning on a worker thread, then, if accepted, storing and serving the candidate.
    /// A cancellation before that last step (<see cref="RoundControl.Cancel"/>, shutdown, <paramref name="cancellationToken"/>)
    /// ends the round with <c>adaptation-cancelled</c>: nothing stored, the served model unchanged.
    /// </summary>
    /// <param name="trigger">What started the round (<see cref="AdaptationTriggers"/>), named in every event of the round.</param>
    /// <param name="cause">The trigger's numbers (e.g. the drift reading), added to the round's events.</param>
    /// <param name="cancellationToken">Cancels the round.</param>
    public async Task<CommandResult> RunRoundAsync(string trigger, IReadOnlyDictionary<string, object?>? cause, CancellationToken cancellationToken)
    {
        var buffer = frames.Buffer;
        if (buffer is null || buffer.TrainCount == 0 || buffer.HeldOutCount == 0)
        {
            var (train, held) = (buffer?.TrainCount ?? 0, buffer?.HeldOutCount ?? 0);
            Skip(trigger, "not enough frames buffered", new() { ["trainFrames"] = train, ["heldOutFrames"] = held });
            return CommandResult.Failure($"'adapt' needs served frames first: {train} training and {held} held-out frames are buffered.");
        }
        if (!await _gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            var running = Rounds.Running;
            Skip(trigger, "a round is running", new() { ["running"] = running });
            return CommandResult.Failure($"'adapt' refused: an adaptation round (started by '{running ?? "a swap"}') or model swap is already running.");
        }
        var token = Rounds.Begin(trigger, signals.Served, time.GetUtcNow(), cancellationToken, _stopping.Token);
        var number = Rounds.Started;
        var cancelled = false;
        var details = AdaptationEvents.RoundDetails(trigger, number, cause);
        try
        {
            _state = "adapting";
            var (train, heldOut) = buffer.Snapshot();
            events.RoundStarted(details, train.Count, heldOut.Count);
            var o = options.Value;
            var watchdog = new StepWatchdog(time, logger); // a step that never returns ends the round at the time limit
            var timings = new RoundTimings();
            var outcome = await watchdog.RunAsync(() =>
            {
                var composition = assets.Current.Composition;
                var objective = watchdog.Watch(quarantine.Create(plugins.Registry, o.Objective));
                objective.Configure(default);
                var current = _current ?? CoefficientSet.Zero(composition.Bank.Hash, composition.Composer);
                timings.Mark("prepare");
                return AdaptationRound.Run(composition, current, train, heldOut, objective, o, o.Acceptance, (int)number, timings, token);
            }, token).ConfigureAwait(false);
            Log.Timings(logger, number, trigger, timings);
            token.ThrowIfCancellationRequested(); // the last point of no effect: past it, the round stores and serves
            var d = outcome.Decision;
            foreach (var (key, value) in AdaptationEvents.DecisionNumbers(outcome)) details[key] = value;
            if (d.Accepted)
            {
                var version = _store!.Accept(outcome.Candidate);
                var served = await PublishAsync(outcome.Weights, version.Version, CancellationToken.None).ConfigureAwait(false);
                _current = outcome.Candidate;
                view.Served(_current, served, version.Version, "accepted");
                details["version"] = served;
                details["stored"] = version.Version;
                events.Published(served, "accepted", version.Version, trigger);
            }
            events.Decided(d.Accepted, details);
            Log.Round(logger, trigger, d.Accepted, d.Reason);
            return CommandResult.Success(details);
        }
        catch (Exception e) when (token.IsCancellationRequested && e is OperationCanceledException or AdaptationRoundException)
        {
            cancelled = true;
            details["reason"] = Rounds.CancelReason ?? (cancellationToken.IsCancellationRequested ? "request" : "shutdown");
            events.RoundCancelled(details);
            Log.Cancelled(logger, trigger, (string)details["reason"]!);
            return CommandResult.Failure($"'adapt' cancelled ({details["reason"]}): nothing stored, the served model unchanged.");
        }
        catch (Exception e) when (e is AdaptationRoundException or AdaptationStateException or InferenceException or PluginException)
        {
            if (e is PluginException { Kind: PluginErrorKind.StepTimedOut }) Rounds.Cancel("step-timeout"); // an abandoned round stops at its next check, if it ever gets there
            AdaptationFailures.Report(events.Publisher, logger, "adapt", "adaptation-failed", e, details);
            return CommandResult.Failure($"'adapt' failed: {e.Message}");
        }
        finally
        {
            Rounds.End(time.GetUtcNow(), cancelled);
            _state = "idle";
            _gate.Release();
        }
    }

    public async Task<CommandResult> ResetAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var composition = assets.Current.Composition;
            var zero = CoefficientSet.Zero(composition.Bank.Hash, composition.Composer);
            var version = _store!.Accept(zero);
            var served = await ServeAsync(zero, version.Version, "reset", cancellationToken).ConfigureAwait(false);
            return CommandResult.Success(new Dictionary<string, object?> { ["version"] = served, ["stored"] = version.Version });
        }
        catch (AdaptationStateException e)
        {
            AdaptationFailures.Report(events.Publisher, logger, "reset", "state-write-failed", e);
            return CommandResult.Failure($"'reset' refused, the served model stays: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<CommandResult> RollbackAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = _store!.RollBack(_bankHash);
            var served = previous is null
                ? await ServeAsync(null, 0, "rollback", cancellationToken).ConfigureAwait(false)
                : await ServeAsync(previous.Coefficients, previous.Version.Version, "rollback", cancellationToken).ConfigureAwait(false);
            return CommandResult.Success(new Dictionary<string, object?> { ["version"] = served, ["stored"] = previous?.Version.Version });
        }
        catch (AdaptationStateException e)
        {
            AdaptationFailures.Report(events.Publisher, logger, "rollback", "state-write-failed", e);
            return CommandResult.Failure($"'rollback' refused, the served model stays: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The <c>reload</c> command: re-reads the model and bank (<see cref="AdaptationAssets.Reload"/>) between rounds and, when
    /// they changed and are valid, serves the newest stored version for the new bank (or its base model).
    /// </summary>
    public async Task<CommandResult> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changed = await Task.Run(() => assets.Reload(catalog.Required.Path), cancellationToken).ConfigureAwait(false);
            var details = new Dictionary<string, object?> { ["changed"] = changed, ["bankHash"] = assets.Current.BankHash, ["model"] = assets.Current.ModelPath };
            if (changed)
            {
                catalog.Set(catalog.Required with { BaseVersion = assets.Current.BaseVersion });
                _bankHash = assets.Current.BankHash;
                var latest = _store!.LatestFor(_bankHash);
                details["version"] = await ServeAsync(latest?.Coefficients, latest?.Version.Version ?? 0, "reload", cancellationToken).ConfigureAwait(false);
            }
            return CommandResult.Success(details);
        }
        catch (AssetValidationException e)
        {
            AdaptationFailures.Report(events.Publisher, logger, "reload", "reload-refused", e);
            return CommandResult.Failure($"'reload' refused, the model and bank in force stay: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _stopping.Dispose();
    }

    private void Skip(string trigger, string reason, Dictionary<string, object?> numbers)
    {
        events.TriggerSkipped(trigger, reason, Rounds.Skip(), numbers);
        Log.Skipped(logger, trigger, reason);
    }

    /// <summary>Serves a stored composition (the base model when null or all zero) and reports the swap.</summary>
    private async Task<string> ServeAsync(CoefficientSet? coefficients, int storedVersion, string cause, CancellationToken cancellationToken)
    {
        string served;
        if (coefficients is null || coefficients.Values.All(v => v.All(x => x == 0)))
        {
            var spec = ServedModelSpec.FromModel(assets.Current.ServedBase, catalog.Required.BaseVersion);
            served = (await host.PublishAsync(spec, cancellationToken).ConfigureAwait(false)).Version;
            _current = null;
        }
        else
        {
            var composition = assets.Current.Composition;
            var weights = await Task.Run(() => composition.Composer.Materialize(coefficients.AlignTo(composition.Bank.Hash, composition.Composer)), cancellationToken)
                .ConfigureAwait(false);
            served = await PublishAsync(weights, storedVersion, cancellationToken).ConfigureAwait(false);
            _current = coefficients;
        }
        events.Published(served, cause, storedVersion);
        view.Served(coefficients, served, storedVersion, cause);
        return served;
    }

    private async Task<string> PublishAsync(IReadOnlyDictionary<string, float[]> weights, int storedVersion, CancellationToken cancellationToken)
    {
        var spec = ServedModelSpec.FromModel(assets.Current.ServedBase, $"adapted-{storedVersion}", weights);
        return (await host.PublishAsync(spec, cancellationToken).ConfigureAwait(false)).Version;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Adaptation ready on bank {Bank} ({Hash}); resumed stored version {Version} (0: base); {Threads} adaptation threads")]
        public static partial void Ready(ILogger logger, string bank, string hash, int version, int threads);

        [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "Adaptation round ({Trigger}): accepted {Accepted}: {Reason}")]
        public static partial void Round(ILogger logger, string trigger, bool accepted, string reason);

        [LoggerMessage(EventId = 1902, Level = LogLevel.Information, Message = "Adaptation round ({Trigger}) cancelled: {Reason}; nothing stored")]
        public static partial void Cancelled(ILogger logger, string trigger, string reason);

        [LoggerMessage(EventId = 1904, Level = LogLevel.Debug, Message = "Adaptation round {Round} ({Trigger}) timings: {Timings}")]
        public static partial void Timings(ILogger logger, long round, string trigger, RoundTimings timings);

        [LoggerMessage(EventId = 1903, Level = LogLevel.Debug, Message = "Adaptation trigger {Trigger} skipped: {Reason}")]
        public static partial void Skipped(ILogger logger, string trigger, string reason);
    }
}
