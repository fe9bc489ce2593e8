using System.Globalization;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// Reads another process's resident memory (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>, Linux) on a fixed period
/// until cancelled. RSS is what the operating system charges the agent for, native allocations (ONNX Runtime, libtorch)
/// included, which the managed heap alone would miss.
/// </summary>
internal sealed class MemorySampler(int processId, TimeSpan period, SoakClock clock, FrameLedger ledger)
{
    private readonly List<MemorySample> _samples = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<MemorySample> Samples
    {
        get { lock (_gate) return [.. _samples]; }
    }

    /// <summary>Samples now and then every period until <paramref name="cancellationToken"/> is cancelled (a normal end).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        do
        {
            if (ResidentMiB(processId) is not { } rss) return; // the process is gone
            lock (_gate) _samples.Add(new MemorySample(clock.Seconds, rss, ledger.Served));
        }
        while (await Tick(timer, cancellationToken));
    }

    /// <summary>The process's resident set in MiB, or null when it has exited or <c>/proc</c> is not there (not Linux).</summary>
    public static double? ResidentMiB(int processId)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{processId}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var line = lines.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        if (line is null) return null;
        var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.Parse(kib, CultureInfo.InvariantCulture) / 1024.0;
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
