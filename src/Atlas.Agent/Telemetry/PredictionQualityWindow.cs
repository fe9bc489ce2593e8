namespace Atlas.Agent.Telemetry;

/// <summary>
/// Confidence (top-1 softmax probability) and entropy (nats) of the most recent predictions, in a ring of fixed capacity.
/// The agent never knows accuracy, but a camera drifting away from what the model knows shows as falling confidence
/// and rising entropy; the status page plots these. Thread-safe.
/// </summary>
internal sealed class PredictionQualityWindow(int capacity = 512)
{
    private readonly (float Confidence, float Entropy)[] _values = new (float, float)[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    /// <summary>Adds one prediction's logits.</summary>
    public void Add(ReadOnlySpan<float> logits)
    {
        if (logits.Length > 0) Add(SoftmaxSummary.Of(logits));
    }

    /// <summary>Adds one prediction's summary (computed once by the serving loop).</summary>
    public void Add(SoftmaxSummary summary)
    {
        lock (_gate)
        {
            _values[_next] = (summary.Confidence, summary.Entropy);
            _next = (_next + 1) % _values.Length;
            _count = Math.Min(_count + 1, _values.Length);
        }
    }

    /// <summary>Means over the window; nulls before the first prediction.</summary>
    public (double? MeanConfidence, double? MeanEntropy, int Samples) Means()
    {
        lock (_gate)
        {
            if (_count == 0) return (null, null, 0);
            double confidence = 0, entropy = 0;
            for (var i = 0; i < _count; i++)
            {
                confidence += _values[i].Confidence;
                entropy += _values[i].Entropy;
            }
            return (confidence / _count, entropy / _count, _count);
        }
    }
}
