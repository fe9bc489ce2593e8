namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class EntropyBalancedObjectiveTests(BuiltInObjectivesFixture plugins)
{
    private const double Tolerance = 1e-9;
    private static readonly double Ln3 = Math.Log(3);
    private static readonly double EntropyOfQuarter = -((0.25 * Math.Log(0.25)) + (0.75 * Math.Log(0.75)));

    [Fact]
    public void BalancedBatch_KlIsZero_LossIsMeanEntropy()
    {
        // p = (3/4, 1/4) and (1/4, 3/4): the mean prediction is uniform.
        var objective = plugins.Create("entropy-balanced");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { Ln3, 0 }, { 0, Ln3 } }));
        Assert.Equal(EntropyOfQuarter, loss.item<double>(), Tolerance);
        Assert.Equal(0, objective.Metrics["balanceKl"], 1e-6);
    }

    [Fact]
    public void CollapsedBatch_AddsKlOfUniformFromMeanPrediction()
    {
        // Both samples p = (3/4, 1/4): KL(u || p̄) = ½ ln(½ / ¾) + ½ ln(½ / ¼) = ½ ln(4/3).
        var objective = plugins.Create("entropy-balanced");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { Ln3, 0 }, { Ln3, 0 } }));
        var kl = 0.5 * Math.Log(4.0 / 3.0);
        Assert.Equal(EntropyOfQuarter + kl, loss.item<double>(), Tolerance);
        Assert.True(objective.Metrics["balanceKl"] > 0.1);
    }

    [Fact]
    public void BalanceWeight_ScalesTheKlTerm()
    {
        var objective = plugins.Create("entropy-balanced", """{ "balanceWeight": 2.5 }""");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { Ln3, 0 }, { Ln3, 0 } }));
        Assert.Equal(EntropyOfQuarter + (2.5 * 0.5 * Math.Log(4.0 / 3.0)), loss.item<double>(), Tolerance);
    }

    [Fact]
    public void NearlyOneHotCollapse_KlStaysFinite()
    {
        // Mean prediction of class 1 underflows in float32 arithmetic of p; the log-sum-exp form keeps it finite.
        var objective = plugins.Create("entropy-balanced");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { 200, 0 }, { 200, 0 } }));
        Assert.True(double.IsFinite(loss.item<double>()));
        Assert.Equal((0.5 * Math.Log(0.5)) + (0.5 * (200 + Math.Log(0.5))), loss.item<double>(), 1e-6);
    }
}
