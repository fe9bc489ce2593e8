namespace Atlas.Agent.Demo;

/// <summary>
/// Scored frames of one phase, split by the model that served them: <b>before</b> counts frames served by the model in
/// force when the phase began, <b>after</b> frames served by a composition the agent adopted during the phase.
/// </summary>
internal sealed class PhaseScore(DemoPhase phase)
{
    private readonly List<string> _adopted = [];

    public DemoPhase Phase { get; } = phase;

    /// <summary>The model version that served the phase's first scored frame.</summary>
    public string? StartVersion { get; private set; }

    public int BeforeCorrect { get; private set; }

    public int BeforeTotal { get; private set; }

    public int AfterCorrect { get; private set; }

    public int AfterTotal { get; private set; }

    /// <summary>Versions first seen serving in this phase, in order.</summary>
    public IReadOnlyList<string> Adopted => _adopted;

    public int Total => BeforeTotal + AfterTotal;

    public double? Before => BeforeTotal == 0 ? null : (double)BeforeCorrect / BeforeTotal;

    public double? After => AfterTotal == 0 ? null : (double)AfterCorrect / AfterTotal;

    /// <summary>Accuracy over every frame of the phase.</summary>
    public double? Overall => Total == 0 ? null : (double)(BeforeCorrect + AfterCorrect) / Total;

    /// <summary>Adds one scored frame.</summary>
    public void Add(string modelVersion, bool correct)
    {
        StartVersion ??= modelVersion;
        if (modelVersion == StartVersion)
        {
            BeforeTotal++;
            if (correct) BeforeCorrect++;
            return;
        }
        if (!_adopted.Contains(modelVersion)) _adopted.Add(modelVersion);
        AfterTotal++;
        if (correct) AfterCorrect++;
    }
}
