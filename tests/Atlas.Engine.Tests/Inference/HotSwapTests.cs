using System.Collections.Concurrent;
using System.Diagnostics;
using Atlas.Engine.Inference;

namespace Atlas.Engine.Tests.Inference;

/// <summary>
/// Zero-downtime swaps: each version's bias override adds its version number to every logit, so every result can
/// be checked against the version it reports.
/// </summary>
public sealed class HotSwapTests
{
    private const float Tolerance = 1e-4f;

    private static ServedModelSpec Version(Atlas.Engine.Onnx.OnnxModel model, int version) =>
        ServedModelSpec.FromModel(model, $"v{version}", InferenceTestModels.VersionBias(version));

    private static bool Consistent(InferenceResult result, float[] reference)
    {
        var version = int.Parse(result.ModelVersion.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        return result.Logits.Length == reference.Length
            && result.Logits.Zip(reference).All(p => Math.Abs(p.First - (p.Second + version)) <= Tolerance);
    }

    [Theory]
    [InlineData(InferenceWeightMode.Baked)]
    [InlineData(InferenceWeightMode.SharedInitializers)]
    public async Task InferenceOnSeveralThreads_During100Swaps_NeverFailsAndMatchesReportedVersions(InferenceWeightMode mode)
    {
        var model = InferenceTestModels.Cnn();
        const int threads = 4;
        var samples = Enumerable.Range(0, threads).Select(InferenceTestModels.Sample).ToArray();
        var references = samples.Select(s => InferenceHostTests.RunPlain(model, s)).ToArray(); // bias zero = version 0
        var host = InferenceHostTests.CreateHost(o =>
        {
            o.MaxBatchDelay = TimeSpan.FromMilliseconds(1);
            o.WeightMode = mode;
        });
        var buffersPerModel = mode == InferenceWeightMode.SharedInitializers ? 1 : 0;
        await host.PublishAsync(Version(model, 0), CancellationToken.None);

        var failures = new ConcurrentQueue<string>();
        var versionsSeen = new ConcurrentDictionary<string, int>();
        var results = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            var batch = samples[t].Concat(samples[t]).ToArray();
            while (!stop.IsCancellationRequested)
            {
                await Task.Yield(); // inline runs complete synchronously; keep thread-pool threads free for the publisher
                try
                {
                    // One thread in four uses the batch API; the others go through micro-batching.
                    var got = t == 0
                        ? await host.InferBatchAsync(batch, 2, CancellationToken.None)
                        : [await host.InferAsync(samples[t], CancellationToken.None)];
                    foreach (var result in got)
                    {
                        Interlocked.Increment(ref results);
                        versionsSeen.TryAdd(result.ModelVersion, 0);
                        if (!Consistent(result, references[t]))
                            failures.Enqueue($"thread {t}: {result.ModelVersion} gave [{string.Join(", ", result.Logits)}]");
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue($"thread {t}: {e}");
                }
            }
        })).ToArray();

        for (var v = 1; v <= 100; v++)
        {
            await host.PublishAsync(Version(model, v), CancellationToken.None);
            // Let the workers serve each version before the next swap (bounded), so the interleaving this test is about
            // happens however busy the machine is.
            var served = Stopwatch.StartNew();
            while (!versionsSeen.ContainsKey($"v{v}") && served.ElapsedMilliseconds < 500) await Task.Delay(1);
        }
        await Task.Delay(20);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.True(results > 100, $"only {results} results");
        Assert.True(versionsSeen.Count > 10, $"results came from only {versionsSeen.Count} versions");
        Assert.Equal("v100", host.Current?.Version);
        Assert.Equal(101, host.Metrics.ModelsBuilt);
        Assert.Equal(1, host.Metrics.LiveModels);
        Assert.Equal(buffersPerModel, host.Metrics.LiveBuffers);

        await host.DisposeAsync();
        Assert.Equal(0, host.Metrics.LiveModels);
        Assert.Equal(0, host.Metrics.LiveBuffers);
    }

    [Fact]
    public async Task RequestInFlight_AcrossSwap_FinishesOnItsSessionWhichIsDisposedAfterRelease()
    {
        var model = InferenceTestModels.Cnn();
        var sample = InferenceTestModels.Sample(9);
        var reference = InferenceHostTests.RunPlain(model, sample);
        await using var host = InferenceHostTests.CreateHost(o => o.WeightMode = InferenceWeightMode.SharedInitializers);
        await host.PublishAsync(Version(model, 1), CancellationToken.None);

        var inFlight = host.Lease(); // what a request holds while it runs
        await host.PublishAsync(Version(model, 2), CancellationToken.None);

        Assert.Equal("v2", host.Current?.Version);
        Assert.Equal(2, host.Metrics.LiveModels);
        Assert.Equal(2, host.Metrics.LiveBuffers);
        Assert.False(inFlight.IsDisposed);
        var logits = new float[1][];
        inFlight.Run(sample, 1, logits);
        Assert.True(Consistent(new InferenceResult(logits[0], inFlight.Version), reference));
        Assert.Equal("v1", inFlight.Version);
        var fresh = await host.InferAsync(sample, CancellationToken.None);
        Assert.Equal("v2", fresh.ModelVersion);
        Assert.True(Consistent(fresh, reference));

        inFlight.Release();
        Assert.True(inFlight.IsDisposed);
        Assert.Equal(1, host.Metrics.LiveModels);
        Assert.Equal(1, host.Metrics.LiveBuffers);
    }

    [Fact]
    public async Task Dispose_ReleasesEverySessionAndRejectsNewRequests()
    {
        var host = InferenceHostTests.CreateHost();
        await host.PublishAsync(Version(InferenceTestModels.Cnn(), 3), CancellationToken.None);
        Assert.Equal(1, host.Metrics.LiveModels);

        await host.DisposeAsync();

        Assert.Equal(0, host.Metrics.LiveModels);
        Assert.Equal(0, host.Metrics.LiveBuffers);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => host.InferAsync(InferenceTestModels.Sample(1), CancellationToken.None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => host.PublishAsync(Version(InferenceTestModels.Cnn(), 4), CancellationToken.None));
    }
}
