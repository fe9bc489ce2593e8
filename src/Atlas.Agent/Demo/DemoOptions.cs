using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Demo;

/// <summary>How <c>atlas demo</c> runs: the sample it serves, the length of each phase and the camera's pace.</summary>
internal sealed class DemoOptions
{
    /// <summary>The sample folder (holding <c>sample.json</c>, the base model, the bank and the test images).</summary>
    [Required(AllowEmptyStrings = false)]
    public string SampleDirectory { get; set; } = "samples/fashion-camera";

    /// <summary>Frames the camera streams in each phase. Default 1200 (20 s at 60 fps).</summary>
    [Range(20, 100_000)]
    public int PhaseFrames { get; set; } = 1200;

    /// <summary>Seed of the image order and of the conditions' randomness. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Frames per second the simulated camera sends. Default 60.</summary>
    [Range(1, 10_000)]
    public int FramesPerSecond { get; set; } = 60;

    /// <summary>
    /// The agent starts an adaptation round every this many frames; 0 picks a quarter of <see cref="PhaseFrames"/>, so
    /// every phase sees rounds and then frames served by what they learned.
    /// </summary>
    [Range(0, 100_000)]
    public int AdaptEveryFrames { get; set; }

    /// <summary>Whether the agent's status page is served too (on a free loopback port).</summary>
    public bool Web { get; set; }

    /// <summary>Whether the terminal view redraws in place; false writes periodic lines (also when output is redirected).</summary>
    public bool Live { get; set; } = true;

    /// <summary>The phases, in order; null uses <see cref="DemoScenario.Default"/>.</summary>
    public IReadOnlyList<DemoPhase>? Phases { get; set; }

    /// <summary>The round cadence in frames actually used.</summary>
    public int EffectiveAdaptEveryFrames => AdaptEveryFrames > 0 ? AdaptEveryFrames : Math.Max(10, PhaseFrames / 4);

    /// <summary>Throws <see cref="ValidationException"/> listing every invalid option.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
            throw new ValidationException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        if (Phases is { Count: 0 }) throw new ValidationException("The demo needs at least one phase.");
    }
}
