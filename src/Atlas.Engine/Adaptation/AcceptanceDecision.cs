namespace Atlas.Engine.Adaptation;

/// <summary>
/// The verdict on one candidate with every number it was based on, so the agent can log or publish why a candidate was
/// kept or discarded. Entropies are in nats; "held-out" is the buffer's slice the candidate was not adapted on.
/// </summary>
public sealed record AcceptanceDecision
{
    /// <summary>Whether the candidate passed every check.</summary>
    public required bool Accepted { get; init; }

    /// <summary>One clause per check that failed (or a summary when all passed), with the measured values.</summary>
    public required string Reason { get; init; }

    /// <summary>Current model's information score <c>H(p̄) − mean H(p)</c> on the held-out slice.</summary>
    public required double CurrentInformation { get; init; }

    /// <summary>Candidate's information score on the same slice.</summary>
    public required double CandidateInformation { get; init; }

    /// <summary>Smallest candidate information score that counts as an improvement (current plus the margin).</summary>
    public required double RequiredInformation { get; init; }

    /// <summary>Current model's mean prediction entropy <c>mean H(p)</c>.</summary>
    public required double CurrentEntropy { get; init; }

    /// <summary>Candidate's mean prediction entropy.</summary>
    public required double CandidateEntropy { get; init; }

    /// <summary>Entropy of the current model's mean prediction <c>H(p̄)</c>.</summary>
    public required double CurrentMarginalEntropy { get; init; }

    /// <summary>Entropy of the candidate's mean prediction.</summary>
    public required double CandidateMarginalEntropy { get; init; }

    /// <summary>Smallest candidate <c>H(p̄)</c> allowed: the current's less the tolerated drop.</summary>
    public required double MinMarginalEntropy { get; init; }

    /// <summary>Current model's mean top-1 probability.</summary>
    public required double CurrentConfidence { get; init; }

    /// <summary>Candidate's mean top-1 probability.</summary>
    public required double CandidateConfidence { get; init; }

    /// <summary>Entropy of the current model's predicted-class (top-1) distribution.</summary>
    public required double CurrentClassEntropy { get; init; }

    /// <summary>Entropy of the candidate's predicted-class (top-1) distribution.</summary>
    public required double CandidateClassEntropy { get; init; }

    /// <summary>The floor <c>fraction · ln C</c> on <see cref="CandidateClassEntropy"/>.</summary>
    public required double ClassEntropyFloor { get; init; }

    /// <summary>The class the candidate predicts most often.</summary>
    public required int CandidateTopClass { get; init; }

    /// <summary>That class's share of the candidate's predictions.</summary>
    public required double CandidateTopShare { get; init; }

    /// <summary>The current model's share of predictions for that same class.</summary>
    public required double CurrentTopShare { get; init; }

    /// <summary>How many of the current model's confident predictions the candidate keeps (always measured).</summary>
    public required PredictionAgreement Agreement { get; init; }

    /// <summary>The agreement the criterion required (0: the check is off).</summary>
    public required double RequiredAgreement { get; init; }
}
