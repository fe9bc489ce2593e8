namespace Atlas.Benchmarks.Soak;

/// <summary>
/// What one soak measured. Frame accounting: every frame sent is either <see cref="Served"/> (its prediction came
/// back), or counted by the agent as <see cref="Dropped"/> (oldest-first under overload), <see cref="Bad"/> or
/// <see cref="FailedInferences"/>; <see cref="Unaccounted"/> is what is left, and should be 0.
/// </summary>
internal sealed record SoakReport
{
    public required string Shape { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Seconds from the first frame to the end of the drain.</summary>
    public required double Seconds { get; init; }

    /// <summary>Host load average (1, 5, 15 min) at the start and at the end, from <c>/proc/loadavg</c>.</summary>
    public required string LoadAverage { get; init; }

    public required long Sent { get; init; }

    public required long Served { get; init; }

    /// <summary>Frames the agent counted as received (<c>framesReceived</c>).</summary>
    public required long AgentReceived { get; init; }

    public required long Dropped { get; init; }

    public required long Bad { get; init; }

    public required long FailedInferences { get; init; }

    /// <summary>Predictions for frame ids this soak did not send (or answered twice); should be 0.</summary>
    public required long UnknownPredictions { get; init; }

    public long Unaccounted => Sent - Served - Dropped - Bad - FailedInferences;

    /// <summary>Largest delay of a frame behind its fixed-rate schedule, ms (the sender's own lag, not the agent's).</summary>
    public required double MaxScheduleLagMilliseconds { get; init; }

    /// <summary>Swaps the agent announced (<c>model-published</c> after the start-up one, and accepted rounds).</summary>
    public required int Swaps { get; init; }

    /// <summary>Changes of <c>modelVersion</c> between consecutive predictions.</summary>
    public required int VersionChanges { get; init; }

    public required int AdaptationsAccepted { get; init; }

    public required int AdaptationsRejected { get; init; }

    /// <summary>Commands answered <c>ok: false</c> or not answered, and <c>adaptation-failed</c> / <c>command-failed</c> events.</summary>
    public required int Errors { get; init; }

    public required double? LatencyP50Milliseconds { get; init; }

    public required double? LatencyP99Milliseconds { get; init; }

    public required double LatencyMaxMilliseconds { get; init; }

    /// <summary>The agent's own p50/p99 (frame received → prediction queued) over its last 4096 predictions.</summary>
    public required double? AgentLatencyP50Milliseconds { get; init; }

    public required double? AgentLatencyP99Milliseconds { get; init; }

    public required MemoryGrowth Memory { get; init; }

    /// <summary>The agent's managed heap (from its <c>metrics</c>) at the first and last report, MiB; null when it does not publish it.</summary>
    public required double? ManagedStartMiB { get; init; }

    public required double? ManagedEndMiB { get; init; }

    public required int AgentExitCode { get; init; }

    public required IReadOnlyDictionary<string, int> EventCounts { get; init; }

    public required IReadOnlyList<SoakCommand> Commands { get; init; }

    public required IReadOnlyList<SoakSeriesRow> Series { get; init; }
}
