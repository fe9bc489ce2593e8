namespace Atlas.Plugins.Tests.Objectives;

/// <summary>Plain double-precision reference math for hand computations, independent of TorchSharp.</summary>
internal static class Reference
{
    public static double[] Softmax(params double[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(e => e / sum)];
    }

    public static double Entropy(params double[] logits) => -Softmax(logits).Sum(p => p > 0 ? p * Math.Log(p) : 0);

    public static double[] Row(double[,] values, int row) =>
        [.. Enumerable.Range(0, values.GetLength(1)).Select(c => values[row, c])];
}
