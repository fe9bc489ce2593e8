using System.Diagnostics;
using System.Globalization;
using Atlas.Engine.Learning;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// Where one adaptation round spends its time, for the Debug log (event 1904): preparing the objective, the first
/// learning step (which pays libtorch's and the JIT's one-time costs in a fresh process), the remaining steps, and
/// judging the candidate on the held-out frames. Receives the learner's progress reports synchronously on the round's thread.
/// </summary>
internal sealed class RoundTimings : IProgress<LearningProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Phase, TimeSpan At)> _marks = [];
    private TimeSpan _learnStart;
    private TimeSpan? _firstStep;
    private long _steps;

    /// <summary>Ends the phase in progress (the first one started with the round) and names it.</summary>
    public void Mark(string phase)
    {
        if (phase == "prepare") _learnStart = _clock.Elapsed;
        _marks.Add((phase, _clock.Elapsed));
    }

    /// <inheritdoc />
    public void Report(LearningProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind != LearningEventKind.Step) return;
        _firstStep ??= _clock.Elapsed - _learnStart;
        _steps++;
    }

    /// <summary>e.g. <c>prepare 12 ms, learn 5100 ms (first step 3900 ms, 20 steps), judge 300 ms; total 5412 ms</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        var previous = TimeSpan.Zero;
        foreach (var (phase, at) in _marks)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{phase} {(at - previous).TotalMilliseconds:F0} ms");
            if (phase == "learn" && _firstStep is { } first)
                text += string.Create(CultureInfo.InvariantCulture, $" (first step {first.TotalMilliseconds:F0} ms, {_steps} steps)");
            parts.Add(text);
            previous = at;
        }
        return string.Join(", ", parts) + string.Create(CultureInfo.InvariantCulture, $"; total {_clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}
