using Atlas.Engine.Inference;

namespace Atlas.Engine.Tests.Inference;

public sealed class MicroBatchingTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public async Task ConcurrentRequests_AreGroupedAndMatchUnbatchedResults()
    {
        var model = InferenceTestModels.Cnn();
        await using var host = InferenceHostTests.CreateHost(o =>
        {
            o.MaxBatchSize = 8;
            o.MaxBatchDelay = TimeSpan.FromMilliseconds(20);
            o.InlineWhenIdle = false;
        });
        await host.PublishAsync(ServedModelSpec.FromModel(model, "v1"), CancellationToken.None);
        var samples = Enumerable.Range(100, 32).Select(InferenceTestModels.Sample).ToArray();
        var before = host.Metrics.BatchSizes;

        var tasks = samples.Select(s => host.InferAsync(s, CancellationToken.None)).ToArray();
        var results = await Task.WhenAll(tasks);

        for (var i = 0; i < samples.Length; i++)
            Assert.Equal(InferenceHostTests.RunPlain(model, samples[i]), results[i].Logits, (a, b) => Math.Abs(a - b) <= Tolerance);
        var runs = host.Metrics.BatchSizes.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));
        Assert.Equal(32, runs.Sum(p => p.Key * p.Value));
        Assert.All(runs.Keys, size => Assert.InRange(size, 1, 8));
        Assert.True(runs.Where(p => p.Value > 0).Max(p => p.Key) > 1, "no batch held more than one request");
    }

    [Fact]
    public async Task FixedBatchModel_RunsRequestsOneByOne()
    {
        var model = InferenceTestModels.Cnn(dynamicBatch: false);
        await using var host = InferenceHostTests.CreateHost(o => o.InlineWhenIdle = false);
        var info = await host.PublishAsync(ServedModelSpec.FromModel(model, "v1"), CancellationToken.None);
        Assert.False(info.SupportsBatching);
        var samples = Enumerable.Range(0, 6).Select(InferenceTestModels.Sample).ToArray();

        var results = await Task.WhenAll(samples.Select(s => host.InferAsync(s, CancellationToken.None)));
        var batch = await host.InferBatchAsync(samples.SelectMany(s => s).ToArray(), samples.Length, CancellationToken.None);

        for (var i = 0; i < samples.Length; i++)
        {
            var expected = InferenceHostTests.RunPlain(model, samples[i]);
            Assert.Equal(expected, results[i].Logits, (a, b) => Math.Abs(a - b) <= Tolerance);
            Assert.Equal(expected, batch[i].Logits, (a, b) => Math.Abs(a - b) <= Tolerance);
        }
    }

    [Fact]
    public async Task InferAsync_WrongSampleLength_FailsThatRequestNamingTheInput()
    {
        await using var host = InferenceHostTests.CreateHost();
        await host.PublishAsync(ServedModelSpec.FromModel(InferenceTestModels.Cnn(), "v1"), CancellationToken.None);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.InferAsync(new float[10], CancellationToken.None));
        Assert.Contains("input 'image'", e.Message, StringComparison.Ordinal);
        Assert.Contains("got 10 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InferAsync_CancelledToken_IsCancelled()
    {
        await using var host = InferenceHostTests.CreateHost();
        await host.PublishAsync(ServedModelSpec.FromModel(InferenceTestModels.Cnn(), "v1"), CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.InferAsync(InferenceTestModels.Sample(1), cancelled.Token));
    }
}
