using Atlas.Agent.Ingest;

namespace Atlas.Agent.Tests.Ingest;

public sealed class TopKTests
{
    private static readonly string[] Labels = ["a", "b", "c", "d"];

    [Fact]
    public void Select_ReturnsSoftmaxProbabilitiesBestFirst()
    {
        float[] logits = [1f, 3f, 2f, 0f];
        var top = TopK.Select(logits, Labels, 3, 0);

        var z = logits.Sum(l => Math.Exp(l));
        Assert.Equal(["b", "c", "a"], top.Select(t => t.Label));
        Assert.Equal([1, 2, 0], top.Select(t => t.Index));
        Assert.Equal(Math.Exp(3) / z, top[0].Score, 1e-12);
        Assert.Equal(Math.Exp(1) / z, top[2].Score, 1e-12);
    }

    [Fact]
    public void Select_DropsLabelsBelowTheThreshold()
    {
        var top = TopK.Select([10f, 0f, 0f, 0f], Labels, 4, 0.01);
        Assert.Equal("a", Assert.Single(top).Label);
    }

    [Fact]
    public void Select_IsStableForHugeLogits() =>
        Assert.Equal(1.0, TopK.Select([1000f, -1000f, 0f, 0f], Labels, 1, 0)[0].Score, 1e-12);
}
