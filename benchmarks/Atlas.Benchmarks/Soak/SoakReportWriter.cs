using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Atlas.Benchmarks.Soak;

/// <summary>Prints a <see cref="SoakReport"/> as a table and writes it as <c>soak.json</c> (everything) and <c>memory.csv</c> (the time series).</summary>
internal static class SoakReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Table(SoakReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Memory;
        var rows = new (string Name, string Value)[]
        {
            ("run", report.Shape),
            ("started", report.StartedAt.ToString("u", Invariant) + $", {report.Seconds:F0} s with drain"),
            ("load average", report.LoadAverage),
            ("frames sent", $"{report.Sent:N0} (agent received {report.AgentReceived:N0}; sender lag max {report.MaxScheduleLagMilliseconds:F0} ms)"),
            ("served", $"{report.Served:N0} ({Share(report.Served, report.Sent)})"),
            ("failed inferences", $"{report.FailedInferences:N0}"),
            ("dropped", $"{report.Dropped:N0} (queue overflow, oldest first)"),
            ("bad frames", $"{report.Bad:N0}"),
            ("unaccounted", $"{report.Unaccounted:N0} (sent − served − dropped − bad − failed); unknown predictions {report.UnknownPredictions}"),
            ("swaps", $"{report.Swaps} announced, {report.VersionChanges} model-version changes seen in predictions"),
            ("adaptation", $"{report.AdaptationsAccepted} accepted, {report.AdaptationsRejected} rejected; {report.Errors} errors"),
            ("latency end-to-end", $"p50 {Ms(report.LatencyP50Milliseconds)}  p99 {Ms(report.LatencyP99Milliseconds)}  max {report.LatencyMaxMilliseconds:F1} ms (publish → prediction received)"),
            ("latency in agent", $"p50 {Ms(report.AgentLatencyP50Milliseconds)}  p99 {Ms(report.AgentLatencyP99Milliseconds)} (last 4096 predictions)"),
            ("RSS", $"start {m.StartMiB:F1} MiB (after {m.WarmupSeconds:F0} s warm-up)  end {m.EndMiB:F1} MiB  peak {m.PeakMiB:F1} MiB"),
            ("managed heap", report.ManagedStartMiB is null ? "not published by this agent" : $"first report {report.ManagedStartMiB:F1} MiB  last {report.ManagedEndMiB:F1} MiB"),
            ("memory verdict", m.Describe()),
            ("agent exit code", report.AgentExitCode.ToString(Invariant)),
        };
        var width = rows.Max(r => r.Name.Length);
        var text = new StringBuilder();
        foreach (var (name, value) in rows) text.Append(name.PadRight(width + 2)).AppendLine(value);
        return text.ToString();
    }

    /// <summary>Writes <c>soak.json</c>, <c>memory.csv</c> and <c>report.txt</c> into <paramref name="folder"/>; returns the JSON's path.</summary>
    public static string Write(SoakReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "soak.json");
        File.WriteAllText(json, JsonSerializer.Serialize(new
        {
            report.Shape, report.StartedAt, report.Seconds, report.LoadAverage,
            frames = new { report.Sent, report.Served, report.AgentReceived, report.Dropped, report.Bad, report.FailedInferences, report.Unaccounted, report.UnknownPredictions, report.MaxScheduleLagMilliseconds },
            report.Swaps, report.VersionChanges, report.AdaptationsAccepted, report.AdaptationsRejected, report.Errors,
            latency = new { p50 = report.LatencyP50Milliseconds, p99 = report.LatencyP99Milliseconds, max = report.LatencyMaxMilliseconds, agentP50 = report.AgentLatencyP50Milliseconds, agentP99 = report.AgentLatencyP99Milliseconds },
            memory = report.Memory, report.ManagedStartMiB, report.ManagedEndMiB, report.AgentExitCode, report.EventCounts, report.Commands, report.Series,
        }, Json));
        var csv = new StringBuilder("seconds,rss_mib,served,managed_heap_mib,gc_committed_mib,gen2_collections\n");
        foreach (var r in report.Series)
            csv.Append(Invariant, $"{r.At:F1},{r.RssMiB:F2},{r.Served},{r.ManagedHeapMiB:F2},{r.GcCommittedMiB:F2},{r.Gen2Collections}\n");
        File.WriteAllText(Path.Combine(folder, "memory.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "report.txt"), Table(report));
        return json;
    }

    private static string Share(long part, long whole) => whole == 0 ? "-" : ((double)part / whole).ToString("P2", Invariant);

    private static string Ms(double? value) => value is { } v ? v.ToString("F1", Invariant) + " ms" : "-";
}
