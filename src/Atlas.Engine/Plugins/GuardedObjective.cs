using System.Globalization;
using System.Text.Json;
using Atlas.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace Atlas.Engine.Plugins;

/// <summary>
/// Runs an objective so that its failures cannot take the host down. When the objective throws from a hook, returns
/// a loss that is not a finite scalar (or, with gradients enabled, one not connected to the graph), or (with a step
/// timeout) is too slow, the guard logs it, raises <see cref="Failed"/>, disables the objective for the rest of the
/// run and throws a <see cref="PluginException"/>. The failure surfaces before any backward pass or optimiser step,
/// so the learner keeps its last good parameters by catching that exception and not stepping. Invalid options
/// (<see cref="ObjectiveOptionsException"/>) are a user error and pass through without disabling.
/// A step that never returns cannot be interrupted (.NET has no thread abort); a watchdog on another thread polls
/// <see cref="CheckStepOverrun"/>, which disables the objective while the step is still running, so the caller can abandon
/// the run; a step that returns after that is discarded (its loss disposed, <see cref="PluginException"/> thrown).
/// </summary>
public sealed class GuardedObjective : IObjective
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();
    private readonly ILogger _logger;
    private readonly TimeSpan? _stepTimeout;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _stepStarted;
    private bool _stepRunning;
    private long _stepNumber = -1;
    private PluginException? _failure;

    /// <summary>Wraps <paramref name="inner"/>; the guard does not own it beyond the run.</summary>
    /// <param name="inner">The objective to guard.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="stepTimeout">The longest a step may take (checked after it returns, and by <see cref="CheckStepOverrun"/> while it runs); null for no limit.</param>
    /// <param name="timeProvider">The clock for the step timeout; the system clock by default.</param>
    public GuardedObjective(IObjective inner, ILogger? logger = null, TimeSpan? stepTimeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        _logger = logger ?? NullLogger.Instance;
        _stepTimeout = stepTimeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised once, when the objective is disabled.</summary>
    public event EventHandler<ObjectiveFailedEventArgs>? Failed;

    /// <summary>The guarded objective.</summary>
    public IObjective Inner { get; }

    /// <summary>Whether a failure disabled the objective for this run.</summary>
    public bool IsDisabled => Failure is not null;

    /// <summary>The failure that disabled the objective, or <see langword="null"/>.</summary>
    public PluginException? Failure => Volatile.Read(ref _failure);

    /// <summary>The longest a step may take, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? StepTimeout => _stepTimeout;

    /// <summary>
    /// For a watchdog on another thread: when a step is running and has run past <see cref="StepTimeout"/>, disables the
    /// objective (kind <see cref="PluginErrorKind.StepTimedOut"/>, raising <see cref="Failed"/>) and returns the failure, so the
    /// caller can abandon the run without waiting for the step; otherwise <see langword="null"/>. The step's thread is not
    /// stopped: whatever it returns later is discarded.
    /// </summary>
    public PluginException? CheckStepOverrun()
    {
        if (_stepTimeout is not { } limit) return null;
        long started, step;
        lock (_gate)
        {
            if (!_stepRunning) return null;
            (started, step) = (_stepStarted, _stepNumber);
        }
        if (Failure is not null) return null;
        var elapsed = _time.GetElapsedTime(started);
        if (elapsed <= limit) return null;
        return Disable(PluginErrorKind.StepTimedOut, step,
            $"step exceeded {limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: still running after {elapsed.TotalMilliseconds:F0} ms, over the limit of {limit.TotalMilliseconds:F0} ms; its thread is abandoned", null);
    }

    /// <inheritdoc />
    public string Name => Inner.Name;

    /// <inheritdoc />
    public Version Version => Inner.Version;

    /// <inheritdoc />
    public string Description => Inner.Description;

    /// <inheritdoc />
    public bool RequiresLabels => Inner.RequiresLabels;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => Inner.RequiredViews | ObjectiveViews.Weak;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options => Inner.Options;

    /// <inheritdoc />
    /// <remarks>Non-finite values are dropped: metrics are published as JSON, which has no NaN.</remarks>
    public IReadOnlyDictionary<string, double> Metrics => Query(nameof(Metrics), () => Finite(Inner.Metrics), NoMetrics);

    /// <inheritdoc />
    public bool CollapseDetected => !IsDisabled && Query(nameof(CollapseDetected), () => Inner.CollapseDetected, false);

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
        ThrowIfDisabled();
        try
        {
            Inner.Configure(options);
        }
        catch (Exception ex) when (ex is not ObjectiveOptionsException and not OperationCanceledException)
        {
            throw Disable(PluginErrorKind.ObjectiveThrew, -1, $"Configure threw {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public void OnEpochStart(EpochContext context)
    {
        ThrowIfDisabled();
        try
        {
            Inner.OnEpochStart(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Disable(PluginErrorKind.ObjectiveThrew, -1, $"OnEpochStart threw {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="PluginException">The objective failed now or earlier in this run; do not step the optimiser.</exception>
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisabled();
        var started = _time.GetTimestamp();
        torch.Tensor loss;
        lock (_gate)
        {
            (_stepStarted, _stepNumber, _stepRunning) = (started, batch.Step, true);
        }
        try
        {
            loss = Inner.ComputeLoss(batch);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Disable(PluginErrorKind.ObjectiveThrew, batch.Step, $"ComputeLoss threw {ex.GetType().Name}: {ex.Message}", ex);
        }
        finally
        {
            lock (_gate)
            {
                _stepRunning = false;
            }
        }
        if (Failure is not null)
        {
            loss?.Dispose(); // a late return after a watchdog gave up on the step: discarded
            ThrowIfDisabled();
        }

        if (loss is null || loss.numel() != 1)
        {
            var shape = loss is null ? "null" : "[" + string.Join(", ", loss.shape) + "]";
            loss?.Dispose();
            throw Disable(PluginErrorKind.InvalidLoss, batch.Step, $"ComputeLoss returned a tensor of shape {shape}, expected a scalar", null);
        }
        if (torch.is_grad_enabled() && !loss.requires_grad)
        {
            loss.Dispose();
            throw Disable(PluginErrorKind.InvalidLoss, batch.Step,
                "ComputeLoss returned a loss that is not connected to the graph of Forward (return e.g. logits.sum() * 0 for \"no contribution\")", null);
        }
        double value;
        using (torch.NewDisposeScope())
        {
            value = loss.detach().to_type(torch.ScalarType.Float64).item<double>();
        }
        if (!double.IsFinite(value))
        {
            loss.Dispose();
            throw Disable(PluginErrorKind.NonFiniteLoss, batch.Step,
                $"ComputeLoss returned {value.ToString(CultureInfo.InvariantCulture)}", null);
        }
        var elapsed = _time.GetElapsedTime(started);
        if (_stepTimeout is { } limit && elapsed > limit)
        {
            loss.Dispose();
            throw Disable(PluginErrorKind.StepTimedOut, batch.Step,
                $"the step took {elapsed.TotalMilliseconds:F0} ms, over the limit of {limit.TotalMilliseconds:F0} ms", null);
        }
        return loss;
    }

    /// <inheritdoc />
    public void Reset()
    {
        if (!IsDisabled)
        {
            Query<object?>(nameof(Reset), () =>
            {
                Inner.Reset();
                return null;
            }, null);
        }
    }

    private static IReadOnlyDictionary<string, double> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Values.All(double.IsFinite) ? metrics : metrics.Where(m => double.IsFinite(m.Value)).ToDictionary();

    private void ThrowIfDisabled()
    {
        if (Failure is { } failure)
        {
            throw new PluginException(PluginErrorKind.Disabled,
                $"Objective '{Name}' is disabled for this run after an earlier failure: {failure.Message}", Name, failure);
        }
    }

    private PluginException Disable(PluginErrorKind kind, long step, string reason, Exception? cause)
    {
        var where = step >= 0 ? $" at step {step}" : "";
        var error = new PluginException(kind, $"Objective '{Name}' failed{where} and is disabled for this run: {reason}.", Name, cause);
        var earlier = Interlocked.CompareExchange(ref _failure, error, null);
        if (earlier is not null) return earlier; // a watchdog and the step's own thread raced: the first failure stands
        PluginLog.ObjectiveDisabled(_logger, Name, step, kind, reason, cause);
        Failed?.Invoke(this, new ObjectiveFailedEventArgs(error, step));
        return error;
    }

    private T Query<T>(string member, Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
#pragma warning disable CA1031 // A reporting member of a plugin must not take the host down; it is logged instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PluginLog.ObjectiveMemberFailed(_logger, Name, member, ex);
            return fallback;
        }
    }
}
