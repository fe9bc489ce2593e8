namespace Atlas.Agent.Demo;

/// <summary>Where the simulated camera is: written by the camera, read by the view (single writer, plain volatile fields).</summary>
internal sealed class DemoProgress(IReadOnlyList<DemoPhase> phases, int phaseFrames)
{
    private volatile int _phase;
    private volatile int _frame;
    private volatile int _sent;

    public IReadOnlyList<DemoPhase> Phases { get; } = phases;

    public int PhaseFrames { get; } = phaseFrames;

    /// <summary>The phase being streamed (index into <see cref="Phases"/>).</summary>
    public int Phase => _phase;

    /// <summary>Frames sent in the current phase.</summary>
    public int Frame => _frame;

    /// <summary>Frames sent in all phases.</summary>
    public int Sent => _sent;

    /// <summary>True while the first phase runs past its length, waiting for the agent's first round.</summary>
    public bool WarmingUp => _phase == 0 && _frame > PhaseFrames;

    public void Advance(int phase, int frame, int sent)
    {
        _phase = phase;
        _frame = frame;
        _sent = sent;
    }
}
