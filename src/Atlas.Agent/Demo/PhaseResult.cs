namespace Atlas.Agent.Demo;

/// <summary>One row of the demo's summary: a phase's accuracy before and after the agent adapted within it.</summary>
/// <param name="Name">The phase name.</param>
/// <param name="Condition">Its camera condition.</param>
/// <param name="Frames">Frames scored in the phase.</param>
/// <param name="StartVersion">The model serving when the phase began.</param>
/// <param name="BeforeFrames">Frames served by <paramref name="StartVersion"/>.</param>
/// <param name="Before">Their accuracy (null when none).</param>
/// <param name="AfterFrames">Frames served by compositions adopted during the phase.</param>
/// <param name="After">Their accuracy (null when none: the agent did not adapt in this phase).</param>
/// <param name="Adopted">The versions adopted during the phase.</param>
/// <param name="BaseModel">The base model's accuracy on the same frames (never adapted), for reference; null when not measured.</param>
internal sealed record PhaseResult(
    string Name, string Condition, int Frames, string? StartVersion, int BeforeFrames, double? Before, int AfterFrames, double? After,
    IReadOnlyList<string> Adopted, double? BaseModel = null)
{
    /// <summary>After minus before, in percentage points (null unless both are known).</summary>
    public double? Gain => Before is { } b && After is { } a ? 100 * (a - b) : null;

    public static PhaseResult From(PhaseScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new PhaseResult(score.Phase.Name, score.Phase.Condition, score.Total, score.StartVersion, score.BeforeTotal, score.Before,
            score.AfterTotal, score.After, score.Adopted.ToArray());
    }
}
