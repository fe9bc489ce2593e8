using TorchSharp;

namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class ReliableEntropyObjectiveTests(BuiltInObjectivesFixture plugins)
{
    private const double Tolerance = 1e-9;
    private static readonly double Margin = 0.4 * Math.Log(4);

    [Fact]
    public void HighEntropySample_IsDropped_SarWeighting()
    {
        // Sample 0 is confident (H ≈ 0.12 < 0.4 ln 4 ≈ 0.55); sample 1 is uniform (H = ln 4): dropped.
        var objective = plugins.Create("reliable-entropy", """{ "weighting": "sar" }""");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { 5, 0, 0, 0 }, { 0, 0, 0, 0 } }));
        var h0 = Reference.Entropy(5, 0, 0, 0);
        Assert.True(h0 < Margin);
        Assert.Equal(h0, loss.item<double>(), Tolerance);
        Assert.Equal(0.5, objective.Metrics["keptFraction"], Tolerance);
    }

    [Fact]
    public void EataWeighting_WeightsKeptSamplesByExpOfMarginMinusEntropy()
    {
        var objective = plugins.Create("reliable-entropy");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { 5, 0, 0, 0 }, { 3, 0, 0, 0 }, { 0, 0, 0, 0 } }));
        var h0 = Reference.Entropy(5, 0, 0, 0);
        var h1 = Reference.Entropy(3, 0, 0, 0);
        Assert.True(h1 < Margin);
        var expected = ((h0 * Math.Exp(Margin - h0)) + (h1 * Math.Exp(Margin - h1))) / 2;
        Assert.Equal(expected, loss.item<double>(), Tolerance);
    }

    [Fact]
    public void NoReliableSample_LossIsZeroAndStillDifferentiable()
    {
        var objective = plugins.Create("reliable-entropy");
        using var logits = torch.zeros(3, 4, dtype: torch.ScalarType.Float64).requires_grad_();
        var batch = Batches.OfLogits(new double[,] { { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } });
        batch = new ObjectiveBatch
        {
            Weak = batch.Weak, Forward = _ => logits * 1, ClassCount = 4, Step = 0, Epoch = 0, TotalEpochs = 1,
            Indices = batch.Indices, Buffer = batch.Buffer, Random = batch.Random,
        };
        using var loss = objective.ComputeLoss(batch);
        Assert.Equal(0, loss.item<double>());
        loss.backward();
        Assert.Equal(0, logits.grad!.abs().sum().item<double>());
        Assert.Equal(0, objective.Metrics["keptFraction"]);
        Assert.All(objective.Metrics.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void ConfidentEverywhere_SignalsCollapse_ResetClearsIt()
    {
        var objective = plugins.Create("reliable-entropy");
        Assert.False(objective.CollapseDetected);
        using (objective.ComputeLoss(Batches.OfLogits(new double[,] { { 8, 0, 0, 0 }, { 0, 9, 0, 0 } })))
        {
        }
        Assert.True(objective.CollapseDetected); // the moving average starts at the first value, ≈ 0.01 < 0.2
        objective.Reset();
        Assert.False(objective.CollapseDetected);
    }

    [Fact]
    public void ReliableButNotCollapsed_NoSignal_AndAverageMovesByPointOne()
    {
        var objective = plugins.Create("reliable-entropy");
        var h = Reference.Entropy(3, 0, 0, 0); // ≈ 0.53: reliable, above the 0.2 collapse threshold
        using (objective.ComputeLoss(Batches.OfLogits(new double[,] { { 3, 0, 0, 0 } })))
        {
        }
        Assert.False(objective.CollapseDetected);
        var hLow = Reference.Entropy(8, 0, 0, 0);
        using (objective.ComputeLoss(Batches.OfLogits(new double[,] { { 8, 0, 0, 0 } })))
        {
        }
        Assert.Equal((0.9 * h) + (0.1 * hLow), objective.Metrics["entropyAverage"], 1e-6);
        Assert.False(objective.CollapseDetected);
    }
}
