namespace Atlas.Benchmarks.Soak;

/// <summary>
/// One row of the memory time series: the agent's RSS read at <paramref name="At"/> seconds, the frames served by then,
/// and what the agent's latest <c>metrics</c> said of its managed heap and collector (null when it does not publish them).
/// </summary>
internal sealed record SoakSeriesRow(double At, double RssMiB, long Served, double? ManagedHeapMiB, double? GcCommittedMiB, int? Gen2Collections);
