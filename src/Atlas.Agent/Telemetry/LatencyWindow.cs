namespace Atlas.Agent.Telemetry;

/// <summary>The most recent latencies (a ring of fixed capacity) and their percentiles. Thread-safe.</summary>
internal sealed class LatencyWindow(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _values[_next] = milliseconds;
            _next = (_next + 1) % _values.Length;
            _count = Math.Min(_count + 1, _values.Length);
        }
    }

    /// <summary>Nearest-rank p50 and p99 over the window; nulls when it is empty.</summary>
    public (double? P50, double? P99, int Count) Percentiles()
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = _values[.._count];
        }
        if (sorted.Length == 0) return (null, null, 0);
        Array.Sort(sorted);
        return (Rank(sorted, 0.50), Rank(sorted, 0.99), sorted.Length);
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
