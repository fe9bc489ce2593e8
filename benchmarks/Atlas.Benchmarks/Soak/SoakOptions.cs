namespace Atlas.Benchmarks.Soak;

/// <summary>
/// What one soak run does: the agent (the built <c>atlas</c>, a separate process) behind a real mosquitto broker, fed
/// the shipped sample's images at a fixed frame rate while the camera condition drifts, told to adapt every
/// <see cref="AdaptEvery"/>, for <see cref="Duration"/>. Defaults are the documented 10-minute form.
/// </summary>
internal sealed record SoakOptions
{
    /// <summary>How long frames are sent. Default 10 minutes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Frames published per second, on a fixed schedule. Default 30.</summary>
    public double FramesPerSecond { get; init; } = 30;

    /// <summary>Time between two adaptation commands (the first one after one period); zero: never. Default 60 s.</summary>
    public TimeSpan AdaptEvery { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Every n-th adaptation tick sends <c>reset</c> instead of <c>adapt</c>, so the swap path runs even when every round
    /// is rejected; 0: never. Default 0.
    /// </summary>
    public int ResetEvery { get; init; }

    /// <summary>
    /// Let the agent adapt on its own (<c>Runtime:Adaptation:EverySeconds</c> = <see cref="AdaptEvery"/>) instead of
    /// sending <c>adapt</c>; needs an agent with automatic triggers. Default false.
    /// </summary>
    public bool AutomaticTrigger { get; init; }

    /// <summary>Camera conditions the stream moves through, in order and round again (condition specs). Default a clean start, fog, dark, noise.</summary>
    public IReadOnlyList<string> Drift { get; init; } = ["clean", "fog:2", "fog:4", "dark:4", "gaussian-noise:3"];

    /// <summary>How long the stream stays in one condition of <see cref="Drift"/>. Default 45 s (out of step with adaptation).</summary>
    public TimeSpan DriftEvery { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Frame payloads: <c>png</c> (decoded by the agent, the realistic path) or <c>tensor</c> (raw float32). Default png.</summary>
    public string Payload { get; init; } = "png";

    /// <summary>An external broker <c>host:port</c>; null starts mosquitto on a free loopback port.</summary>
    public string? Broker { get; init; }

    /// <summary>The task-vector bank the agent adapts over (its base model is served); null: the shipped sample bank.</summary>
    public string? Bank { get; init; }

    /// <summary>Where the report, the JSON and the CSV are written; null: <c>artifacts/soak/&lt;UTC time&gt;</c> under the repository.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>How often the agent's resident memory is read from <c>/proc/&lt;pid&gt;/status</c>. Default 5 s.</summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The agent's <c>metricsIntervalSeconds</c> (its counters and managed heap). Default 5.</summary>
    public int MetricsIntervalSeconds { get; init; } = 5;

    /// <summary>After the last frame, how long to wait for outstanding predictions. Default 10 s.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Samples before this time are left out of the memory verdict; null: a third of the run, or until the first
    /// adaptation round has finished if that is later.
    /// </summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary>Allowed rise of the last quarter's median RSS over the first quarter's (after warm-up), MiB. Default 32.</summary>
    public double MaxGrowthMiB { get; init; } = 32;

    /// <summary>Allowed least-squares slope of RSS over the second half (after warm-up), MiB per minute. Default 2.</summary>
    public double MaxSlopeMiBPerMinute { get; init; } = 2;

    /// <summary>Extra agent settings, <c>Section:Key=value</c> each, passed as <c>--Section:Key=value</c>.</summary>
    public IReadOnlyList<string> AgentSettings { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> listing every setting out of range.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Duration <= TimeSpan.Zero) errors.Add($"--duration must be positive (was {Duration.TotalSeconds} s)");
        if (FramesPerSecond is <= 0 or > 10_000) errors.Add($"--fps must lie in (0, 10000] (was {FramesPerSecond})");
        if (AdaptEvery < TimeSpan.Zero) errors.Add($"--adapt-every must not be negative (was {AdaptEvery.TotalSeconds} s)");
        if (AutomaticTrigger && AdaptEvery <= TimeSpan.Zero) errors.Add("--auto-trigger needs a positive --adapt-every");
        if (ResetEvery < 0) errors.Add($"--reset-every must not be negative (was {ResetEvery})");
        if (Drift.Count == 0) errors.Add("--drift needs at least one condition");
        if (DriftEvery <= TimeSpan.Zero) errors.Add($"--drift-every must be positive (was {DriftEvery.TotalSeconds} s)");
        if (Payload is not ("png" or "tensor")) errors.Add($"--payload must be png or tensor (was '{Payload}')");
        if (SampleEvery <= TimeSpan.Zero) errors.Add($"--sample-every must be positive (was {SampleEvery.TotalSeconds} s)");
        if (MetricsIntervalSeconds is < 1 or > 3600) errors.Add($"--metrics-every must lie in [1, 3600] (was {MetricsIntervalSeconds})");
        if (Warmup is { } w && (w < TimeSpan.Zero || w >= Duration)) errors.Add($"--warmup must lie in [0, duration) (was {w.TotalSeconds} s)");
        if (Drain < TimeSpan.Zero) errors.Add($"--drain must not be negative (was {Drain.TotalSeconds} s)");
        if (MaxGrowthMiB < 0 || MaxSlopeMiBPerMinute < 0) errors.Add("--max-growth-mib and --max-slope-mib-per-min must not be negative");
        foreach (var setting in AgentSettings.Where(s => s.IndexOf('=', StringComparison.Ordinal) <= 0))
            errors.Add($"--agent-setting '{setting}' is not Section:Key=value");
        if (errors.Count > 0) throw new ArgumentException("Invalid soak options: " + string.Join("; ", errors));
    }

    /// <summary>One line naming the run's shape, for the report's heading.</summary>
    public string Describe()
    {
        var adaptation = AdaptEvery <= TimeSpan.Zero ? "no adaptation"
            : FormattableString.Invariant($"{(AutomaticTrigger ? "automatic adaptation" : "adapt")} every {AdaptEvery.TotalSeconds:0} s");
        var reset = ResetEvery > 0 ? FormattableString.Invariant($", reset every {ResetEvery}th tick") : "";
        return FormattableString.Invariant(
            $"{Duration.TotalSeconds:0} s at {FramesPerSecond:0.#} frames/s ({Payload}), {adaptation}{reset}, drift {string.Join(" → ", Drift)} every {DriftEvery.TotalSeconds:0} s");
    }
}
