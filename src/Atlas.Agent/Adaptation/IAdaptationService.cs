using Atlas.Agent.Commands;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// The on-device adaptation service's face to the rest of the agent: the <c>adapt</c>, <c>cancel-adaptation</c>,
/// <c>reset</c> and <c>rollback</c> commands and the report shown in <c>metrics</c> and <c>snapshot</c>. Without an
/// adaptation bank the agent registers <see cref="UnavailableAdaptationService"/>; otherwise
/// <see cref="AdaptationService"/>, which learns on the frames the serving loop buffers, starts rounds on command or on
/// the <see cref="AdaptationScheduler"/>'s triggers (read live from the <c>adaptation</c> section of the remote
/// configuration), and publishes compositions through the inference host (predictions then carry the composition's
/// version), reporting every decision through <see cref="AdaptationEvents"/>.
/// </summary>
internal interface IAdaptationService
{
    /// <summary>A short state for metrics and status, e.g. <c>unavailable</c>, <c>idle</c>, <c>adapting</c>.</summary>
    string State { get; }

    /// <summary>
    /// The adaptation part of <c>metrics</c> and <c>snapshot</c>: <c>state</c>, and where rounds run, <c>running</c>
    /// (the running round's trigger or null), <c>rounds</c>, <c>skipped</c> and <c>cancelled</c> since the agent started.
    /// </summary>
    IReadOnlyDictionary<string, object?> Report();

    /// <summary>Starts an adaptation round now (the <c>adapt</c> command).</summary>
    Task<CommandResult> AdaptAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels the running round, if any (the <c>cancel-adaptation</c> command): nothing is stored, the served model stays.</summary>
    Task<CommandResult> CancelAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Returns to the base model, λ = 0 (the <c>reset</c> command).</summary>
    Task<CommandResult> ResetAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Returns to the previously accepted composition (the <c>rollback</c> command).</summary>
    Task<CommandResult> RollbackAsync(CommandRequest request, CancellationToken cancellationToken);
}
