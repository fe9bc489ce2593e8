namespace Atlas.Agent.Telemetry;

/// <summary>
/// Top-1 probability and entropy (nats) of softmax(logits), computed stably in one pass. The serving loop computes it
/// once per prediction and hands it to every consumer (status-page window, adaptation signals), so per-frame cost
/// does not grow with the number of readers.
/// </summary>
internal readonly record struct SoftmaxSummary(float Confidence, float Entropy)
{
    /// <summary>The summary of one prediction; a single class is certain (1, 0), no class gives (0, 0).</summary>
    public static SoftmaxSummary Of(ReadOnlySpan<float> logits)
    {
        if (logits.Length < 2) return new SoftmaxSummary(logits.Length, 0);
        var max = float.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, l);
        double sum = 0, weighted = 0;
        foreach (var l in logits)
        {
            double shifted = l - max;
            var e = Math.Exp(shifted);
            sum += e;
            weighted += e * shifted;
        }
        // With s = logit − max: H = log Σe − Σ e·s / Σe, and the top class has e = 1, so its probability is 1 / Σe.
        return new SoftmaxSummary((float)(1 / sum), (float)Math.Max(0, Math.Log(sum) - weighted / sum));
    }
}
