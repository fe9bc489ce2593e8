namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class ContrastiveObjectiveTests(BuiltInObjectivesFixture plugins)
{
    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void ThreeSamples_EqualsHandComputedNtXent(double temperature)
    {
        var weak = new double[,] { { 1, 0, 0.5 }, { 0, 2, 0 }, { -1, 1, 1 } };
        var strong = new double[,] { { 0.8, 0.1, 0.4 }, { 0.2, 1.5, -0.3 }, { -0.5, 1, 2 } };
        var objective = plugins.Create("contrastive", $$"""{ "temperature": {{temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }""");
        using var loss = objective.ComputeLoss(Batches.OfLogits(weak, strong));
        Assert.Equal(NtXent(weak, strong, temperature), loss.item<double>(), 1e-9);
    }

    [Fact]
    public void IdenticalViewsOfDistinctSamples_LossBelowMismatchedViews()
    {
        var objective = plugins.Create("contrastive");
        var weak = new double[,] { { 3, 0 }, { 0, 3 } };
        using var aligned = objective.ComputeLoss(Batches.OfLogits(weak, weak));
        using var swapped = objective.ComputeLoss(Batches.OfLogits(weak, new double[,] { { 0, 3 }, { 3, 0 } }));
        Assert.True(aligned.item<double>() < swapped.item<double>());
    }

    /// <summary>
    /// SimCLR's NT-Xent written out: 2B unit vectors, each one's positive is its other view, the denominator sums over
    /// every other vector, and the loss averages over all 2B anchors.
    /// </summary>
    private static double NtXent(double[,] weak, double[,] strong, double temperature)
    {
        var size = weak.GetLength(0);
        var z = Enumerable.Range(0, size).Select(i => Unit(Reference.Row(weak, i)))
            .Concat(Enumerable.Range(0, size).Select(i => Unit(Reference.Row(strong, i)))).ToArray();
        var total = 0.0;
        for (var i = 0; i < 2 * size; i++)
        {
            var positive = (i + size) % (2 * size);
            var denominator = 0.0;
            for (var k = 0; k < 2 * size; k++)
            {
                if (k != i)
                {
                    denominator += Math.Exp(Dot(z[i], z[k]) / temperature);
                }
            }
            total += -((Dot(z[i], z[positive]) / temperature) - Math.Log(denominator));
        }
        return total / (2 * size);
    }

    private static double[] Unit(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        return [.. v.Select(x => x / norm)];
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
