using System.Collections.Concurrent;
using System.Diagnostics;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// Every frame the soak published, by frame id, until its prediction arrives: end-to-end latency is publish (just
/// before the MQTT publish call) to prediction received, on one monotonic clock. Thread-safe.
/// </summary>
internal sealed class FrameLedger
{
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly List<double> _latencies = [];
    private readonly Lock _gate = new();
    private long _sent;
    private long _served;
    private long _unknown;
    private string? _version;
    private int _versionChanges;

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Predictions received for frames this soak sent.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Predictions whose frame id this soak never sent (or answered twice).</summary>
    public long Unknown => Interlocked.Read(ref _unknown);

    public int Outstanding => _pending.Count;

    /// <summary>How often the <c>modelVersion</c> of consecutive predictions changed: the swaps a consumer saw.</summary>
    public int VersionChanges
    {
        get { lock (_gate) return _versionChanges; }
    }

    public void Published(string frameId)
    {
        _pending[frameId] = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _sent);
    }

    public void Answered(string frameId, string? modelVersion)
    {
        var received = Stopwatch.GetTimestamp();
        if (!_pending.TryRemove(frameId, out var published))
        {
            Interlocked.Increment(ref _unknown);
            return;
        }
        Interlocked.Increment(ref _served);
        var milliseconds = Stopwatch.GetElapsedTime(published, received).TotalMilliseconds;
        lock (_gate)
        {
            _latencies.Add(milliseconds);
            if (_version is not null && modelVersion is not null && modelVersion != _version) _versionChanges++;
            _version = modelVersion ?? _version;
        }
    }

    /// <summary>Nearest-rank percentile (0–100) of every latency so far, in milliseconds; null before the first prediction.</summary>
    public double? Percentile(double percent)
    {
        double[] sorted;
        lock (_gate) sorted = [.. _latencies];
        if (sorted.Length == 0) return null;
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double MaxLatency()
    {
        lock (_gate) return _latencies.Count == 0 ? 0 : _latencies.Max();
    }
}
