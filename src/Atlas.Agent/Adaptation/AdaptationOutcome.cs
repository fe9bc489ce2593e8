using Atlas.Engine.Adaptation;
using Atlas.Engine.Composition;

namespace Atlas.Agent.Adaptation;

/// <summary>What one adaptation round produced: the verdict with its numbers, and the candidate it judged.</summary>
/// <param name="Decision">Accepted or not, why, and every measured number.</param>
/// <param name="Candidate">The learned coefficients (to store when accepted).</param>
/// <param name="Weights">The candidate's composed weights (to serve when accepted).</param>
/// <param name="TrainFrames">Frames the round learned on.</param>
/// <param name="HeldOutFrames">Frames the candidate was judged on.</param>
internal sealed record AdaptationOutcome(
    AcceptanceDecision Decision,
    CoefficientSet Candidate,
    IReadOnlyDictionary<string, float[]> Weights,
    int TrainFrames,
    int HeldOutFrames);
