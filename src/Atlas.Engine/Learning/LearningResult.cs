namespace Atlas.Engine.Learning;

/// <summary>The outcome of a learning run. The learned values live in the <see cref="ILearnableWeights"/> that was trained.</summary>
/// <param name="Steps">Optimisation steps taken.</param>
/// <param name="EpochLosses">Mean loss of each completed epoch.</param>
/// <param name="Resets">How often a collapse signal reset the parameters.</param>
/// <param name="Failure">Why the objective was disabled, or null when it ran to the end.</param>
/// <param name="Cancelled">True when the run was cancelled; the parameters are those of the last finished step.</param>
public sealed record LearningResult(long Steps, IReadOnlyList<double> EpochLosses, int Resets, string? Failure, bool Cancelled)
{
    /// <summary>True when the run ended normally (not failed, not cancelled).</summary>
    public bool Succeeded => Failure is null && !Cancelled;
}
