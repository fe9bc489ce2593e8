using Atlas.Engine.Inference;
using BenchmarkDotNet.Attributes;

namespace Atlas.Benchmarks.Inference;

/// <summary>
/// Inference host throughput against plain <c>InferenceSession.Run</c> on the same small CNN, at batch 1
/// (<c>InferAsync</c>) and 32 (<c>InferBatchAsync</c>), serving the base model or a composition in either weight
/// mode (plain then runs the composed weights baked into the file). Target: host at least 97% of plain.
/// </summary>
[MemoryDiagnoser]
public class HostThroughputBenchmarks
{
    private InferenceBenchmarkSetup _setup = null!;

    [Params(1, 32)]
    public int Batch { get; set; }

    [Params("base", "baked", "shared")]
    public string Weights { get; set; } = "base";

    [GlobalSetup]
    public void Setup()
    {
        InferenceWeightMode? mode = Weights switch
        {
            "baked" => InferenceWeightMode.Baked,
            "shared" => InferenceWeightMode.SharedInitializers,
            _ => null,
        };
        _setup = InferenceBenchmarkSetup.CreateAsync(InferenceBenchmarkModels.SmallCnn(), mode, Batch).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public float[] PlainRun() => _setup.RunPlain();

    [Benchmark]
    public object Host() => _setup.RunHost();
}
