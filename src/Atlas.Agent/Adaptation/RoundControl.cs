namespace Atlas.Agent.Adaptation;

/// <summary>
/// The bookkeeping of adaptation rounds, shared by the service that runs them and the scheduler that starts them:
/// the running round's trigger and cancellation source, and counters of rounds started, ended, skipped and cancelled.
/// Thread-safe; only the round's start, end and cancellation take its lock, nothing on the serving path does.
/// </summary>
internal sealed class RoundControl
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;
    private string? _trigger;
    private string? _cancelReason;
    private long _started;
    private long _ended;
    private long _skipped;
    private long _cancelled;
    private DateTimeOffset? _lastEnded;
    private (long Served, DateTimeOffset At) _lastStart;

    /// <summary>The running round's trigger, or null when none runs.</summary>
    public string? Running { get { lock (_gate) return _trigger; } }

    /// <summary>Rounds started so far (by any trigger).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Rounds ended so far, whatever their outcome.</summary>
    public long Ended => Interlocked.Read(ref _ended);

    /// <summary>Triggers that came while a round was running (or before enough frames were buffered) and were dropped.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Rounds cancelled so far.</summary>
    public long Cancelled => Interlocked.Read(ref _cancelled);

    /// <summary>When the last round ended, or null before the first.</summary>
    public DateTimeOffset? LastEnded { get { lock (_gate) return _lastEnded; } }

    /// <summary>Frames served and the time when the last round started (what "every N frames / T seconds" count from).</summary>
    public (long Served, DateTimeOffset At) LastStart { get { lock (_gate) return _lastStart; } }

    /// <summary>Marks a round as running; its token is cancelled by <see cref="Cancel"/> or by any of <paramref name="tokens"/>.</summary>
    /// <param name="trigger">What started the round.</param>
    /// <param name="served">Frames served when it starts.</param>
    /// <param name="now">When it starts.</param>
    /// <param name="tokens">Tokens that cancel the round too.</param>
    public CancellationToken Begin(string trigger, long served, DateTimeOffset now, params ReadOnlySpan<CancellationToken> tokens)
    {
        var source = tokens.IsEmpty ? new CancellationTokenSource() : CancellationTokenSource.CreateLinkedTokenSource(tokens);
        lock (_gate)
        {
            if (_running is not null)
            {
                source.Dispose();
                throw new InvalidOperationException($"A round started by '{_trigger}' is still running; rounds run one at a time.");
            }
            _running = source;
            _trigger = trigger;
            _cancelReason = null;
            _lastStart = (served, now);
        }
        Interlocked.Increment(ref _started);
        return source.Token;
    }

    /// <summary>Marks the running round as ended at <paramref name="now"/>; <paramref name="cancelled"/> counts it as cancelled.</summary>
    public void End(DateTimeOffset now, bool cancelled)
    {
        CancellationTokenSource? source;
        lock (_gate)
        {
            source = _running;
            _running = null;
            _trigger = null;
            _lastEnded = now;
        }
        source?.Dispose();
        if (cancelled) Interlocked.Increment(ref _cancelled);
        Interlocked.Increment(ref _ended);
    }

    /// <summary>Counts a skipped trigger; returns the count so far.</summary>
    public long Skip() => Interlocked.Increment(ref _skipped);

    /// <summary>Cancels the running round, recording why; returns false when no round runs.</summary>
    public bool Cancel(string reason)
    {
        CancellationTokenSource? source;
        lock (_gate)
        {
            source = _running;
            if (source is null) return false;
            _cancelReason ??= reason;
        }
        try
        {
            source.Cancel(); // outside the lock: the token's callbacks may end the round
        }
        catch (ObjectDisposedException)
        {
            // The round ended between the lock and the cancel: nothing left to cancel.
        }
        return true;
    }

    /// <summary>Why the running round was cancelled (the first reason given), or null.</summary>
    public string? CancelReason { get { lock (_gate) return _cancelReason; } }
}
