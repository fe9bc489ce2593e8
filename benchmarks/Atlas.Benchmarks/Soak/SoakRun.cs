using System.Text.Json;

namespace Atlas.Benchmarks.Soak;

/// <summary>The raw records of one finished soak, before <see cref="SoakReportBuilder"/> turns them into a <see cref="SoakReport"/>.</summary>
/// <param name="FinalCounters">The <c>metrics</c> object of the agent's <c>status</c> reply after the drain.</param>
internal sealed record SoakRun(
    DateTimeOffset StartedAt, double Seconds, string LoadAverage, FrameLedger Ledger, double MaxScheduleLagMilliseconds,
    JsonElement FinalCounters, IReadOnlyList<SoakEvent> Events, IReadOnlyList<SoakMetricsSample> Metrics,
    IReadOnlyList<MemorySample> Memory, IReadOnlyList<SoakCommand> Commands, int AgentExitCode);
