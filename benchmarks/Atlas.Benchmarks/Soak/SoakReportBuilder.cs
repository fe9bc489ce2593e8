using System.Text.Json;

namespace Atlas.Benchmarks.Soak;

/// <summary>Turns a <see cref="SoakRun"/> into its <see cref="SoakReport"/>: frame accounting, swaps, latency, the memory series and verdict.</summary>
internal static class SoakReportBuilder
{
    private const double MiB = 1024 * 1024;

    public static SoakReport Build(SoakOptions options, SoakRun run)
    {
        var counters = run.FinalCounters;
        var events = run.Events;
        var series = Series(run.Memory, run.Metrics);
        return new SoakReport
        {
            Shape = options.Describe(),
            StartedAt = run.StartedAt,
            Seconds = run.Seconds,
            LoadAverage = run.LoadAverage,
            Sent = run.Ledger.Sent,
            Served = run.Ledger.Served,
            AgentReceived = Count(counters, "framesReceived"),
            Dropped = Count(counters, "framesDropped"),
            Bad = Count(counters, "framesBad"),
            FailedInferences = Count(counters, "inferenceFailures"),
            UnknownPredictions = run.Ledger.Unknown,
            MaxScheduleLagMilliseconds = run.MaxScheduleLagMilliseconds,
            Swaps = Swaps(events),
            VersionChanges = run.Ledger.VersionChanges,
            AdaptationsAccepted = events.Count(e => e.Type == "adaptation-accepted"),
            AdaptationsRejected = events.Count(e => e.Type == "adaptation-rejected"),
            Errors = run.Commands.Count(c => !c.Ok) + events.Count(e => e.Type is "adaptation-failed" or "command-failed"),
            LatencyP50Milliseconds = run.Ledger.Percentile(50),
            LatencyP99Milliseconds = run.Ledger.Percentile(99),
            LatencyMaxMilliseconds = run.Ledger.MaxLatency(),
            AgentLatencyP50Milliseconds = Number(counters, "latencyP50Milliseconds"),
            AgentLatencyP99Milliseconds = Number(counters, "latencyP99Milliseconds"),
            Memory = MemoryGrowth.Judge(run.Memory, WarmupSeconds(options, run), options.MaxGrowthMiB, options.MaxSlopeMiBPerMinute),
            ManagedStartMiB = series.FirstOrDefault(r => r.ManagedHeapMiB is not null)?.ManagedHeapMiB,
            ManagedEndMiB = series.LastOrDefault(r => r.ManagedHeapMiB is not null)?.ManagedHeapMiB,
            AgentExitCode = run.AgentExitCode,
            EventCounts = events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Commands = run.Commands,
            Series = series,
        };
    }

    /// <summary>
    /// Swaps announced on <c>events</c>: every <c>model-published</c> after the start-up one, and every accepted round
    /// (whose swap the service reports on that event); one announced twice (same version within 5 s) counts once.
    /// </summary>
    public static int Swaps(IReadOnlyList<SoakEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var swaps = 0;
        var startup = true;
        (string? Version, double At) last = (null, double.NegativeInfinity);
        foreach (var e in events.OrderBy(e => e.At))
        {
            if (e.Type is not ("model-published" or "adaptation-accepted")) continue;
            if (e.Type == "model-published" && startup && SoakClient.Text(e.Json, "cause") is null)
            {
                startup = false;
                continue;
            }
            var version = SoakClient.Text(e.Json, "version");
            if (version is not null && version == last.Version && e.At - last.At < 5) continue;
            swaps++;
            last = (version, e.At);
        }
        return swaps;
    }

    /// <summary>
    /// The end of warm-up: <see cref="SoakOptions.Warmup"/> when set, else the later of a third of the run and the end of
    /// the first adaptation round. The first round loads libtorch and the bank, and the managed heap and the native
    /// allocator grow to their working size over the first few rounds (measured: 380 → 430 MiB over three rounds, then flat).
    /// </summary>
    private static double WarmupSeconds(SoakOptions options, SoakRun run)
    {
        if (options.Warmup is { } warmup) return warmup.TotalSeconds;
        var firstRound = run.Commands.FirstOrDefault(c => c.Name == "adapt" && c.Ok) is { } c
            ? c.At + (c.Milliseconds / 1000)
            : run.Events.FirstOrDefault(e => e.Type.StartsWith("adaptation-", StringComparison.Ordinal))?.At;
        return Math.Max(firstRound ?? 0, options.Duration.TotalSeconds / 3);
    }

    private static List<SoakSeriesRow> Series(IReadOnlyList<MemorySample> memory, IReadOnlyList<SoakMetricsSample> metrics)
    {
        var rows = new List<SoakSeriesRow>(memory.Count);
        foreach (var sample in memory)
        {
            var latest = metrics.LastOrDefault(m => m.At <= sample.At);
            var process = latest is not null && latest.Json.ValueKind == JsonValueKind.Object && latest.Json.TryGetProperty("process", out var p) ? p : default;
            rows.Add(new SoakSeriesRow(sample.At, sample.RssMiB, sample.Served,
                Number(process, "managedHeapBytes") / MiB, Number(process, "gcCommittedBytes") / MiB, (int?)Number(process, "gen2Collections")));
        }
        return rows;
    }

    private static long Count(JsonElement json, string name) => (long)(Number(json, name) ?? 0);

    private static double? Number(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
