using Atlas.Agent.Commands;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// The on-device adaptation service's face to the rest of the agent: the <c>adapt</c>, <c>reset</c> and
/// <c>rollback</c> commands and the state shown in <c>metrics</c>. Until adaptation is built the agent registers
/// <see cref="UnavailableAdaptationService"/>; the real service replaces that registration and reads its settings
/// from <see cref="Configuration.IRuntimeSettingsSource"/> (<c>adaptation</c> section of the remote configuration),
/// frames from the serving loop, and publishes compositions through the inference host (predictions then carry
/// the composition's version). After a swap it reports an <c>model-published</c> event through
/// <see cref="Telemetry.EventPublisher"/> and republishes the retained status (<see cref="Telemetry.StatusReporter.Online"/>
/// through <see cref="Mqtt.IMqttPublisher"/>).
/// </summary>
internal interface IAdaptationService
{
    /// <summary>A short state for metrics and status, e.g. <c>unavailable</c>, <c>idle</c>, <c>adapting</c>.</summary>
    string State { get; }

    /// <summary>Starts an adaptation round now (the <c>adapt</c> command).</summary>
    Task<CommandResult> AdaptAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels the running round, if any (the <c>cancel-adaptation</c> command): nothing is stored, the served model stays.</summary>
    Task<CommandResult> CancelAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Returns to the base model, λ = 0 (the <c>reset</c> command).</summary>
    Task<CommandResult> ResetAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Returns to the previously accepted composition (the <c>rollback</c> command).</summary>
    Task<CommandResult> RollbackAsync(CommandRequest request, CancellationToken cancellationToken);
}
