namespace Atlas.Engine.Learning;

/// <summary>What a run does after an epoch, as decided by the caller's epoch hook (e.g. negation's control check).</summary>
public enum EpochDecision
{
    /// <summary>Go on.</summary>
    Continue,

    /// <summary>Stop and keep the current parameters.</summary>
    Stop,

    /// <summary>Stop and restore the parameters from the start of this epoch.</summary>
    RevertAndStop,
}
