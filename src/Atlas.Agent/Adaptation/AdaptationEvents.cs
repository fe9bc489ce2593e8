using Atlas.Agent.Telemetry;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// Every adaptation decision as an event on <c>events</c>, with the numbers behind it (docs/mqtt.md lists each type and
/// field). A round's events share <c>trigger</c> (<see cref="AdaptationTriggers"/>), <c>round</c> (its number since the
/// agent started) and the trigger's own numbers.
/// </summary>
internal sealed class AdaptationEvents(EventPublisher events)
{
    public const string Started = "adaptation-started";
    public const string Accepted = "adaptation-accepted";
    public const string Rejected = "adaptation-rejected";
    public const string Failed = "adaptation-failed";
    public const string Cancelled = "adaptation-cancelled";
    public const string Skipped = "adaptation-skipped";
    public const string DriftDetected = "drift-detected";
    public const string ModelPublished = "model-published";

    /// <summary>The agent's event publisher, for reports that are not adaptation decisions (<see cref="AdaptationFailures"/>).</summary>
    public EventPublisher Publisher => events;

    /// <summary>The fields every event of a round carries: trigger, round number, and the trigger's numbers.</summary>
    public static Dictionary<string, object?> RoundDetails(string trigger, long round, IReadOnlyDictionary<string, object?>? cause)
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal) { ["trigger"] = trigger, ["round"] = round };
        if (cause is not null) foreach (var (key, value) in cause) details[key] = value;
        return details;
    }

    /// <summary>A round's verdict and every number behind it (the decision event's and the <c>adapt</c> reply's fields).</summary>
    public static Dictionary<string, object?> DecisionNumbers(AdaptationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var d = outcome.Decision;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["accepted"] = d.Accepted,
            ["reason"] = d.Reason,
            ["trainFrames"] = outcome.TrainFrames,
            ["heldOutFrames"] = outcome.HeldOutFrames,
            ["currentInformation"] = Math.Round(d.CurrentInformation, 4),
            ["candidateInformation"] = Math.Round(d.CandidateInformation, 4),
            ["requiredInformation"] = Math.Round(d.RequiredInformation, 4),
            ["currentMarginalEntropy"] = Math.Round(d.CurrentMarginalEntropy, 4),
            ["candidateMarginalEntropy"] = Math.Round(d.CandidateMarginalEntropy, 4),
            ["minMarginalEntropy"] = Math.Round(d.MinMarginalEntropy, 4),
            ["currentEntropy"] = Math.Round(d.CurrentEntropy, 4),
            ["candidateEntropy"] = Math.Round(d.CandidateEntropy, 4),
            ["currentClassEntropy"] = Math.Round(d.CurrentClassEntropy, 4),
            ["candidateClassEntropy"] = Math.Round(d.CandidateClassEntropy, 4),
            ["classEntropyFloor"] = Math.Round(d.ClassEntropyFloor, 4),
            ["candidateTopShare"] = Math.Round(d.CandidateTopShare, 4),
            ["agreement"] = Math.Round(d.Agreement.Fraction, 4),
            ["requiredAgreement"] = d.RequiredAgreement,
        };
    }

    /// <summary>A round began learning on this many buffered frames.</summary>
    public void RoundStarted(IReadOnlyDictionary<string, object?> details, int trainFrames, int heldOutFrames) =>
        events.Publish(Started, new Dictionary<string, object?>(details) { ["trainFrames"] = trainFrames, ["heldOutFrames"] = heldOutFrames });

    /// <summary>A round's verdict with every measured number (and, when accepted, the version now served).</summary>
    public void Decided(bool accepted, IReadOnlyDictionary<string, object?> details) => events.Publish(accepted ? Accepted : Rejected, details);

    /// <summary>A round that could not run to a verdict; <paramref name="details"/> holds the reason.</summary>
    public void RoundFailed(IReadOnlyDictionary<string, object?> details) => events.Publish(Failed, details);

    /// <summary>A round cancelled before its verdict took effect; <paramref name="details"/> holds why (command, disabled, shutdown, request).</summary>
    public void RoundCancelled(IReadOnlyDictionary<string, object?> details) => events.Publish(Cancelled, details);

    /// <summary>A trigger that started no round, why, and how many have been skipped since the agent started.</summary>
    public void TriggerSkipped(string trigger, string reason, long skipped, Dictionary<string, object?> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        numbers["trigger"] = trigger;
        numbers["reason"] = reason;
        numbers["skipped"] = skipped;
        events.Publish(Skipped, numbers);
    }

    /// <summary>The drift reading that fired the drift trigger.</summary>
    public void Drift(IReadOnlyDictionary<string, object?> reading) => events.Publish(DriftDetected, reading);

    /// <summary>A composition swapped in: the version served, why (accepted, resumed, reset, rollback) and the stored version.</summary>
    public void Published(string version, string cause, int stored, string? trigger = null)
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal) { ["version"] = version, ["cause"] = cause, ["stored"] = stored };
        if (trigger is not null) details["trigger"] = trigger;
        events.Publish(ModelPublished, details);
    }
}
