namespace Atlas.Agent.Adaptation.Status;

/// <summary>
/// Read-only access to the coefficients the agent serves, for the status page and the <c>adaptation/coefficients</c>
/// topic. Null until the adaptation service has said what it serves (and always null without a bank).
/// </summary>
public interface ICoefficientView
{
    /// <summary>The latest served composition, or null when unknown.</summary>
    CoefficientSnapshot? Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed (on the thread that swapped the model; keep handlers short).</summary>
    event Action<CoefficientSnapshot>? Changed;
}
