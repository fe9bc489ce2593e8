namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class CrossEntropyObjectiveTests(BuiltInObjectivesFixture plugins)
{
    [Fact]
    public void LabeledBatch_LossIsMeanNegativeLogLikelihood()
    {
        var objective = plugins.Create("cross-entropy");
        Assert.True(objective.RequiresLabels);
        var logits = new double[,] { { 2, 0, -1 }, { 0, 1, 0 } };
        using var loss = objective.ComputeLoss(Batches.OfLogits(logits, labels: [0, 2]));
        var expected = -(Math.Log(Reference.Softmax(2, 0, -1)[0]) + Math.Log(Reference.Softmax(0, 1, 0)[2])) / 2;
        Assert.Equal(expected, loss.item<double>(), 1e-9);
        Assert.Equal(0.5, objective.Metrics["accuracy"], 1e-9);
    }

    [Fact]
    public void LabelSmoothing_MixesUniformTarget()
    {
        var objective = plugins.Create("cross-entropy", """{ "labelSmoothing": 0.3 }""");
        using var loss = objective.ComputeLoss(Batches.OfLogits(new double[,] { { 2, 0, -1 } }, labels: [1]));
        var logp = Reference.Softmax(2, 0, -1).Select(x => Math.Log(x)).ToArray();
        var expected = -((0.7 * logp[1]) + (0.1 * logp.Sum()));
        Assert.Equal(expected, loss.item<double>(), 1e-9);
    }

    [Fact]
    public void MissingLabels_ThrowsNamingTheObjective()
    {
        var objective = plugins.Create("cross-entropy");
        var error = Assert.Throws<InvalidOperationException>(() => objective.ComputeLoss(Batches.OfLogits(new double[,] { { 1, 0 } })));
        Assert.Contains("cross-entropy", error.Message, StringComparison.Ordinal);
    }
}
