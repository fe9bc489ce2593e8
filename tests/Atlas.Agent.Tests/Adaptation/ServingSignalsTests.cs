using Atlas.Agent.Adaptation;
using Atlas.Agent.Tests.TestSupport;

namespace Atlas.Agent.Tests.Adaptation;

public sealed class ServingSignalsTests
{
    [Fact]
    public void Entropy_MatchesTheSoftmaxDefinition_Within1e5()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var logits = Enumerable.Range(0, 10).Select(_ => (float)((random.NextDouble() * 40) - 20)).ToArray();
            var expected = -DirectModel.Softmax(logits).Where(p => p > 0).Sum(p => p * Math.Log(p));
            Assert.Equal(expected, ServingSignals.Entropy(logits), 1e-5);
        }
        Assert.Equal(Math.Log(10), ServingSignals.Entropy(new float[10]), 1e-6);
        Assert.Equal(0, ServingSignals.Entropy([3f]));
    }

    [Fact]
    public void Read_ReturnsWhatWasRecordedSince_AndCountsWhatWasOverwritten()
    {
        var signals = new ServingSignals();
        var certain = new float[] { 100, 0, 0 };
        var uniform = new float[] { 1, 1, 1 };
        for (var i = 0; i < 3; i++) signals.Record(certain);

        var first = new List<double>();
        var (position, lost) = signals.Read(0, first.Add);
        Assert.Equal((3L, 0L), (position, lost));
        Assert.All(first, e => Assert.InRange(e, 0, 1e-6));

        for (var i = 0; i < ServingSignals.Capacity + 5; i++) signals.Record(uniform);
        var second = new List<double>();
        (position, lost) = signals.Read(position, second.Add);

        Assert.Equal(3L + ServingSignals.Capacity + 5, position);
        Assert.Equal(5L, lost);
        Assert.Equal(ServingSignals.Capacity, second.Count);
        Assert.All(second, e => Assert.Equal(Math.Log(3), e, 1e-6));
        Assert.Equal(position, signals.Served);
    }

    [Fact]
    public async Task ConcurrentWriters_AreAllCounted()
    {
        var signals = new ServingSignals();
        var logits = new float[] { 1, 2, 3 };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++) signals.Record(logits);
        })));

        Assert.Equal(40_000, signals.Served);
    }
}
