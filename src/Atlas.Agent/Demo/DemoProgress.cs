namespace Atlas.Agent.Demo;

/// <summary>Where the simulated camera is: written by the camera, read by the view (single writer, plain volatile fields).</summary>
internal sealed class DemoProgress(IReadOnlyList<DemoPhase> phases, int phaseFrames)
{
    private volatile int _phase;
    private volatile int _frame;

    public IReadOnlyList<DemoPhase> Phases { get; } = phases;

    public int PhaseFrames { get; } = phaseFrames;

    /// <summary>The phase being streamed (index into <see cref="Phases"/>).</summary>
    public int Phase => _phase;

    /// <summary>Frames sent in the current phase.</summary>
    public int Frame => _frame;

    /// <summary>Frames sent in all phases.</summary>
    public int TotalSent => (_phase * PhaseFrames) + _frame;

    public void Advance(int phase, int frame)
    {
        _phase = phase;
        _frame = frame;
    }
}
