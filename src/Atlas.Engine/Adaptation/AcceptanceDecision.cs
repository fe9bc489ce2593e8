namespace Atlas.Engine.Adaptation;

/// <summary>
/// The verdict on one candidate with every number it was based on, so the agent can log or publish why a candidate was
/// kept or discarded.
/// </summary>
/// <param name="Accepted">Whether the candidate passed every check.</param>
/// <param name="Reason">One sentence per check that failed (or a summary when all passed), with the measured values.</param>
/// <param name="CurrentEntropy">Current model's mean prediction entropy on the held-out slice, nats.</param>
/// <param name="CandidateEntropy">Candidate's mean prediction entropy on the held-out slice, nats.</param>
/// <param name="RequiredEntropy">Largest candidate entropy that counts as an improvement.</param>
/// <param name="CurrentConfidence">Current model's mean top-1 probability.</param>
/// <param name="CandidateConfidence">Candidate's mean top-1 probability.</param>
/// <param name="CandidateClassEntropy">Entropy of the candidate's predicted-class distribution, nats.</param>
/// <param name="CurrentClassEntropy">Entropy of the current model's predicted-class distribution, nats.</param>
/// <param name="ClassEntropyFloor">The floor <c>fraction · ln C</c>, nats.</param>
/// <param name="CandidateTopClass">The class the candidate predicts most often.</param>
/// <param name="CandidateTopShare">That class's share of the candidate's predictions.</param>
/// <param name="CurrentTopShare">The current model's share of predictions for that same class.</param>
/// <param name="Agreement">The agreement with confident current predictions, or null when it was not measured.</param>
public sealed record AcceptanceDecision(
    bool Accepted,
    string Reason,
    double CurrentEntropy,
    double CandidateEntropy,
    double RequiredEntropy,
    double CurrentConfidence,
    double CandidateConfidence,
    double CandidateClassEntropy,
    double CurrentClassEntropy,
    double ClassEntropyFloor,
    int CandidateTopClass,
    double CandidateTopShare,
    double CurrentTopShare,
    PredictionAgreement? Agreement);
