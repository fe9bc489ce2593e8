namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class EntropyObjectiveTests(BuiltInObjectivesFixture plugins)
{
    private const double Tolerance = 1e-9; // float64 logits throughout

    [Fact]
    public void UniformPredictions_LossIsLnC()
    {
        var objective = plugins.Create("entropy");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { 0, 0, 0, 0 }, { 2, 2, 2, 2 } }));
        Assert.Equal(Math.Log(4), loss.item<double>(), Tolerance);
    }

    [Fact]
    public void HandComputedBatch_LossIsMeanEntropy()
    {
        // Row 0: logits (ln 1, ln 3) give p = (1/4, 3/4). Row 1: p = (1/2, 1/2).
        var objective = plugins.Create("entropy");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { 0, Math.Log(3) }, { 1, 1 } }));
        var h0 = -((0.25 * Math.Log(0.25)) + (0.75 * Math.Log(0.75)));
        var h1 = Math.Log(2);
        Assert.Equal((h0 + h1) / 2, loss.item<double>(), Tolerance);
        Assert.Equal((h0 + h1) / 2, objective.Metrics["entropy"], 1e-6); // metrics are reported in float32
    }
}
