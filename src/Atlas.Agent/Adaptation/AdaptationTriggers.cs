namespace Atlas.Agent.Adaptation;

/// <summary>What started an adaptation round; the name appears as <c>trigger</c> in every event of the round.</summary>
internal static class AdaptationTriggers
{
    /// <summary>The <c>adapt</c> command.</summary>
    public const string Command = "command";

    /// <summary><c>adaptation.everyFrames</c> frames were served since the last round started.</summary>
    public const string Frames = "frames";

    /// <summary><c>adaptation.everySeconds</c> seconds passed since the last round started.</summary>
    public const string Timer = "timer";

    /// <summary>The rolling mean prediction entropy moved from its reference by <c>adaptation.driftThreshold</c> or more.</summary>
    public const string Drift = "drift";
}
