namespace Atlas.Agent.Adaptation;

/// <summary>
/// Detects a shift of the camera's conditions from the served model's prediction entropy alone: the mean over the
/// first <c>window</c> frames after a (re)start is the reference; afterwards the mean over the latest <c>window</c>
/// frames is compared with it. Drift is a relative change |current − reference| / max(reference, <see cref="ReferenceFloor"/>)
/// at or above the threshold — either way, since a model that suddenly becomes more certain has also met something new.
/// Not thread-safe: one reader (the scheduler) feeds it.
/// </summary>
internal sealed class DriftDetector
{
    /// <summary>
    /// Smallest denominator of the relative change (nats): a model nearly certain on its reference frames would
    /// otherwise call every small wobble a drift.
    /// </summary>
    public const double ReferenceFloor = 0.05;

    private readonly double[] _recent;
    private readonly double _threshold;
    private int _next;
    private int _count;
    private double _sum;
    private double _referenceSum;
    private int _referenceCount;

    /// <summary>Creates a detector; <paramref name="threshold"/> 0 never reports drift.</summary>
    public DriftDetector(int window, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        _recent = new double[window];
        _threshold = threshold;
    }

    /// <summary>Frames in the reference and in the rolling window.</summary>
    public int Window => _recent.Length;

    /// <summary>The relative change that counts as drift (0: off).</summary>
    public double Threshold => _threshold;

    /// <summary>Mean entropy of the reference frames, or null while they are still being collected.</summary>
    public double? Reference => _referenceCount == Window ? _referenceSum / Window : null;

    /// <summary>Mean entropy of the latest <see cref="Window"/> frames since the reference, or null before the window is full.</summary>
    public double? Current => _count == Window ? _sum / Window : null;

    /// <summary>The relative change of <see cref="Current"/> from <see cref="Reference"/>, or null until both exist.</summary>
    public double? Change => Reference is { } reference && Current is { } current
        ? Math.Abs(current - reference) / Math.Max(reference, ReferenceFloor)
        : null;

    /// <summary>Whether the change has reached the threshold (never when the threshold is 0).</summary>
    public bool Drifted => _threshold > 0 && Change is { } change && change >= _threshold;

    /// <summary>Adds one frame's prediction entropy (nats).</summary>
    public void Observe(double entropy)
    {
        if (!double.IsFinite(entropy)) return;
        if (_referenceCount < Window)
        {
            _referenceSum += entropy;
            _referenceCount++;
        }
        if (_count == Window) _sum -= _recent[_next];
        else _count++;
        _recent[_next] = entropy;
        _sum += entropy;
        _next = (_next + 1) % Window;
        if (_next == 0) _sum = _recent.Sum(); // once per window: no rounding error builds up in the running sum
    }

    /// <summary>Forgets everything: the next <see cref="Window"/> frames form a new reference (after a model swap).</summary>
    public void Rebase()
    {
        _next = 0;
        _count = 0;
        _sum = 0;
        _referenceSum = 0;
        _referenceCount = 0;
    }
}
