namespace Atlas.Agent.Demo;

/// <summary>
/// Matches the agent's predictions to the camera's ground truth by frame id (either may arrive first) and keeps the
/// per-phase scores and a rolling accuracy over the last <see cref="Window"/> scored frames. Thread-safe: truth and
/// predictions arrive on the MQTT client's thread, the view reads from its own.
/// </summary>
internal sealed class DemoScorer(IReadOnlyList<DemoPhase> phases)
{
    /// <summary>Frames in the rolling accuracy.</summary>
    public const int Window = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Label, int Phase)> _truth = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Predicted, string Version)> _predictions = new(StringComparer.Ordinal);
    private readonly PhaseScore[] _scores = phases.Select(p => new PhaseScore(p)).ToArray();
    private readonly Queue<bool> _recent = new(Window);
    private int _recentCorrect;

    /// <summary>Frames scored so far.</summary>
    public int Scored { get { lock (_gate) return _scores.Sum(s => s.Total); } }

    /// <summary>The camera's label for a frame.</summary>
    public void Truth(string frameId, int label, int phase)
    {
        lock (_gate)
        {
            if (_predictions.Remove(frameId, out var p)) Score(phase, label, p.Predicted, p.Version);
            else _truth[frameId] = (label, phase);
        }
    }

    /// <summary>The agent's top-1 class for a frame and the model version that computed it.</summary>
    public void Prediction(string frameId, int predicted, string modelVersion)
    {
        lock (_gate)
        {
            if (_truth.Remove(frameId, out var t)) Score(t.Phase, t.Label, predicted, modelVersion);
            else _predictions[frameId] = (predicted, modelVersion);
        }
    }

    /// <summary>Accuracy over the last <see cref="Window"/> scored frames (null before the first) and how many that is.</summary>
    public (double? Accuracy, int Frames) Rolling()
    {
        lock (_gate) return (_recent.Count == 0 ? null : (double)_recentCorrect / _recent.Count, _recent.Count);
    }

    /// <summary>A copy of the phase scores, in phase order.</summary>
    public IReadOnlyList<PhaseResult> Results()
    {
        lock (_gate) return _scores.Select(PhaseResult.From).ToArray();
    }

    private void Score(int phase, int label, int predicted, string version)
    {
        var correct = label == predicted;
        _scores[phase].Add(version, correct);
        _recent.Enqueue(correct);
        if (correct) _recentCorrect++;
        if (_recent.Count > Window && _recent.Dequeue()) _recentCorrect--;
    }
}
