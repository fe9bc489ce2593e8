namespace Atlas.Engine.Learning;

/// <summary>What happened in a learning run, reported through <see cref="IProgress{T}"/> after every step and event.</summary>
/// <param name="Kind">What this report is about.</param>
/// <param name="Epoch">Epoch, from 0.</param>
/// <param name="Step">Global step, from 0 (the number of steps done for <see cref="LearningEventKind.Completed"/>).</param>
/// <param name="TotalSteps">Steps the run will take.</param>
/// <param name="Loss">The step's loss (NaN for non-step events).</param>
/// <param name="LearningRate">The rate used for the step.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Metrics">Objective metrics of the step (e.g. kept fraction); empty when none.</param>
/// <param name="Message">Human-readable detail for events (a reset's reason, a disabled objective's error).</param>
public sealed record LearningProgress(
    LearningEventKind Kind,
    int Epoch,
    long Step,
    long TotalSteps,
    double Loss,
    double LearningRate,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, double> Metrics,
    string? Message = null);

/// <summary>Kinds of <see cref="LearningProgress"/> reports.</summary>
public enum LearningEventKind
{
    /// <summary>One optimisation step finished.</summary>
    Step,

    /// <summary>An epoch finished.</summary>
    EpochCompleted,

    /// <summary>The objective signalled collapse; coefficients were reset to their initial values.</summary>
    Reset,

    /// <summary>The objective failed (threw, or returned a non-finite loss) and the run stopped with the last good coefficients.</summary>
    ObjectiveFailed,

    /// <summary>The run finished.</summary>
    Completed,
}
