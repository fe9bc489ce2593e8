using Atlas.Agent.Adaptation.Status;
using Atlas.Agent.Commands;
using Atlas.Agent.Configuration;
using Atlas.Agent.Ingest;
using Atlas.Agent.Plugins;
using Atlas.Agent.Telemetry;
using Atlas.Engine.Adaptation;
using Atlas.Engine.Composition;
using Atlas.Engine.Inference;
using Atlas.Engine.Learning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// On-device adaptation over a task-vector bank: <c>adapt</c> runs one <see cref="AdaptationRound"/> on a worker
/// thread over the frames the serving loop buffered and, when the candidate passes the acceptance criterion, stores
/// it and serves its composed weights; <c>reset</c> serves the base model (λ = 0) and <c>rollback</c> the previously
/// accepted composition, each recorded in the <see cref="CoefficientStateStore"/> so a restart resumes it.
/// One round or swap runs at a time; serving never waits on it.
/// </summary>
internal sealed partial class AdaptationService(
    IOptions<AdaptationOptions> options, IOptions<AgentOptions> agent, AdaptationFrames frames, ModelCatalog catalog, InferenceHost host,
    ObjectivePluginReloader plugins, EventPublisher events, CoefficientView view, ILogger<AdaptationService> logger) : IAdaptationService, IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CoefficientStateStore? _store;
    private string _bankHash = "";
    private string _basePath = "";
    private CoefficientSet? _current;
    private int _rounds;
    private volatile string _state = "starting";

    public string State => _state;

    /// <summary>Reads the bank's identity and resumes the newest accepted composition learned on it, if any.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        o.Acceptance.Validate();
        _store = new CoefficientStateStore(o.StateDirectory ?? Path.Combine(agent.Value.StateDirectory, "adaptation"), logger: logger);
        string baseSha;
        (_bankHash, _basePath, baseSha) = await Task.Run(() =>
        {
            using var composition = Open();
            return (composition.Bank.Hash, composition.Bank.BaseModelPath, composition.Bank.BaseModelSha256);
        }, cancellationToken).ConfigureAwait(false);
        var served = catalog.Required;
        if (!string.Equals(served.BaseVersion, "base-" + baseSha[..Math.Min(12, baseSha.Length)], StringComparison.OrdinalIgnoreCase))
        {
            throw new AgentStartupException(
                $"The adaptation bank '{o.Bank}' was built on base model sha256 {baseSha}, but the agent serves '{served.Path}' (version {served.BaseVersion}); " +
                "serve the bank's base model (Model:Path) or point Adaptation:Bank at a bank built on the served model.");
        }
        var latest = _store.LatestFor(_bankHash);
        if (latest is not null) await ServeAsync(latest.Coefficients, latest.Version.Version, "resumed", cancellationToken).ConfigureAwait(false);
        _state = "idle";
        Log.Ready(logger, o.Bank!, _bankHash, latest?.Version.Version ?? 0);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<CommandResult> AdaptAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var buffer = frames.Buffer;
        if (buffer is null || buffer.TrainCount == 0 || buffer.HeldOutCount == 0)
            return CommandResult.Failure($"'adapt' needs served frames first: {buffer?.TrainCount ?? 0} training and {buffer?.HeldOutCount ?? 0} held-out frames are buffered.");
        if (!await _gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            return CommandResult.Failure("'adapt' refused: an adaptation round or model swap is already running.");
        try
        {
            _state = "adapting";
            var (train, heldOut) = buffer.Snapshot();
            var seed = Interlocked.Increment(ref _rounds);
            var o = options.Value;
            var outcome = await Task.Run(() =>
            {
                using var composition = Open();
                var objective = plugins.Registry.Create(o.Objective);
                objective.Configure(default);
                var current = _current ?? CoefficientSet.Zero(composition.Bank.Hash, composition.Composer);
                return AdaptationRound.Run(composition, current, train, heldOut, objective, o, o.Acceptance, seed, cancellationToken);
            }, cancellationToken).ConfigureAwait(false);
            var d = outcome.Decision;
            var details = Numbers(outcome);
            if (d.Accepted)
            {
                var version = _store!.Accept(outcome.Candidate);
                var served = await PublishAsync(outcome.Weights, version.Version, cancellationToken).ConfigureAwait(false);
                _current = outcome.Candidate;
                view.Served(_current, served, version.Version, "adapted");
                details["version"] = served;
                details["stored"] = version.Version;
            }
            events.Publish(d.Accepted ? "adaptation-accepted" : "adaptation-rejected", details);
            Log.Round(logger, d.Accepted, d.Reason);
            return CommandResult.Success(details);
        }
        catch (Exception e) when (e is AdaptationRoundException or AdaptationStateException or InferenceException)
        {
            events.Publish("adaptation-failed", new Dictionary<string, object?> { ["reason"] = e.Message });
            return CommandResult.Failure($"'adapt' failed: {e.Message}");
        }
        finally
        {
            _state = "idle";
            _gate.Release();
        }
    }

    public async Task<CommandResult> ResetAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var zero = await Task.Run(() =>
            {
                using var composition = Open();
                return CoefficientSet.Zero(composition.Bank.Hash, composition.Composer);
            }, cancellationToken).ConfigureAwait(false);
            var version = _store!.Accept(zero);
            var served = await ServeAsync(zero, version.Version, "reset", cancellationToken).ConfigureAwait(false);
            return CommandResult.Success(new Dictionary<string, object?> { ["version"] = served, ["stored"] = version.Version });
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
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Serves a stored composition (the base model when null or all zero) and reports the swap.</summary>
    private async Task<string> ServeAsync(CoefficientSet? coefficients, int storedVersion, string cause, CancellationToken cancellationToken)
    {
        string served;
        if (coefficients is null || coefficients.Values.All(v => v.All(x => x == 0)))
        {
            var model = catalog.Required;
            served = (await host.PublishAsync(ServedModelSpec.FromFile(model.Path, model.BaseVersion), cancellationToken).ConfigureAwait(false)).Version;
            _current = null;
        }
        else
        {
            var weights = await Task.Run(() =>
            {
                using var composition = Open();
                return composition.Composer.Materialize(coefficients.AlignTo(composition.Bank.Hash, composition.Composer));
            }, cancellationToken).ConfigureAwait(false);
            served = await PublishAsync(weights, storedVersion, cancellationToken).ConfigureAwait(false);
            _current = coefficients;
        }
        events.Publish("model-published", new Dictionary<string, object?> { ["version"] = served, ["cause"] = cause, ["stored"] = storedVersion });
        view.Served(_current, served, storedVersion, cause);
        return served;
    }

    private async Task<string> PublishAsync(IReadOnlyDictionary<string, float[]> weights, int storedVersion, CancellationToken cancellationToken)
    {
        var spec = ServedModelSpec.FromFile(_basePath, $"adapted-{storedVersion}", weights);
        return (await host.PublishAsync(spec, cancellationToken).ConfigureAwait(false)).Version;
    }

    private BankComposition Open() => BankComposition.Open(options.Value.Bank!, Granularity.Block, options.Value.Exclude);

    private static Dictionary<string, object?> Numbers(AdaptationOutcome outcome)
    {
        var d = outcome.Decision;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["accepted"] = d.Accepted,
            ["reason"] = d.Reason,
            ["trainFrames"] = outcome.TrainFrames,
            ["heldOutFrames"] = outcome.HeldOutFrames,
            ["currentEntropy"] = Math.Round(d.CurrentEntropy, 4),
            ["candidateEntropy"] = Math.Round(d.CandidateEntropy, 4),
            ["requiredEntropy"] = Math.Round(d.RequiredEntropy, 4),
            ["currentClassEntropy"] = Math.Round(d.CurrentClassEntropy, 4),
            ["candidateClassEntropy"] = Math.Round(d.CandidateClassEntropy, 4),
            ["candidateTopShare"] = Math.Round(d.CandidateTopShare, 4),
            ["agreement"] = d.Agreement is null ? null : Math.Round(d.Agreement.Fraction, 4),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Adaptation ready on bank {Bank} ({Hash}); resumed stored version {Version} (0: base)")]
        public static partial void Ready(ILogger logger, string bank, string hash, int version);

        [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "Adaptation round: accepted {Accepted}: {Reason}")]
        public static partial void Round(ILogger logger, bool accepted, string reason);
    }
}
