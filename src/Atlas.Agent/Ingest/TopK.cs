namespace Atlas.Agent.Ingest;

/// <summary>Softmax over logits and the k most probable classes at or above a threshold.</summary>
internal static class TopK
{
    public static IReadOnlyList<LabelScore> Select(ReadOnlySpan<float> logits, IReadOnlyList<string> labels, int k, double threshold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Length == 0) return [];
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        var probabilities = new double[logits.Length];
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Math.Exp(logits[i] - max);
            sum += probabilities[i];
        }
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => probabilities[i]).ThenBy(i => i);
        return order.Take(k)
            .Select(i => new LabelScore(i, i < labels.Count ? labels[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture), probabilities[i] / sum))
            .Where(s => s.Score >= threshold)
            .ToArray();
    }
}
