using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atlas.Benchmarks.Inference;

/// <summary>
/// Time to publish a new composition (validate, build the session with every weight overridden, warm up, swap) for
/// the small CNN and the 10M-parameter model. This is spent off the serving path.
/// </summary>
[MemoryDiagnoser]
public class SwapLatencyBenchmarks
{
    private InferenceHost _host = null!;
    private ServedModelSpec[] _specs = null!;
    private int _next;

    [Params("small-cnn", "10m")]
    public string Model { get; set; } = "small-cnn";

    [Params(InferenceWeightMode.Baked, InferenceWeightMode.SharedInitializers)]
    public InferenceWeightMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        OnnxModel model = Model == "10m" ? InferenceBenchmarkModels.TenMillion() : InferenceBenchmarkModels.SmallCnn();
        _specs = [.. Enumerable.Range(0, 2).Select(i => ServedModelSpec.FromModel(model, $"v{i}", InferenceBenchmarkModels.Composition(model, i)))];
        _host = new InferenceHost(Options.Create(new InferenceHostOptions { IntraOpThreads = 1, InterOpThreads = 1, WeightMode = Mode }), NullLogger<InferenceHost>.Instance);
        _host.PublishAsync(_specs[1], CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public ServedModelInfo Publish() => _host.PublishAsync(_specs[_next++ % 2], CancellationToken.None).GetAwaiter().GetResult();
}
