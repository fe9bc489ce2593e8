using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Benchmarks.Inference;

/// <summary>
/// The two sides of the throughput comparison on one model: a plain <see cref="InferenceSession"/> run directly,
/// and an <see cref="InferenceHost"/> serving the same weights, with the same thread settings.
/// </summary>
internal sealed class InferenceBenchmarkSetup : IAsyncDisposable
{
    private readonly InferenceSession _plain;
    private readonly SessionOptions _plainOptions;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _plainInput;
    private readonly float[] _batch;
    private readonly int _count;

    private InferenceBenchmarkSetup(InferenceSession plain, SessionOptions plainOptions, InferenceHost host, float[] batch, int count)
    {
        _plain = plain;
        _plainOptions = plainOptions;
        Host = host;
        _batch = batch;
        _count = count;
        _plainInput = OrtValue.CreateTensorValueFromMemory(batch, [count, 3, 32, 32]);
    }

    public InferenceHost Host { get; }

    /// <param name="model">The base model.</param>
    /// <param name="composed">
    /// Null: both serve the base model. Otherwise the host serves a composition in that weight mode and the plain
    /// session runs the same weights baked into the file.
    /// </param>
    /// <param name="count">Batch size.</param>
    /// <param name="threads">ONNX Runtime intra-op threads on both sides.</param>
    /// <param name="configure">Further host settings (e.g. the batching delay).</param>
    public static async Task<InferenceBenchmarkSetup> CreateAsync(OnnxModel model, InferenceWeightMode? composed, int count, int threads = 1, Action<InferenceHostOptions>? configure = null)
    {
        var overrides = composed is null ? new Dictionary<string, float[]>() : InferenceBenchmarkModels.Composition(model, 3);
        var plainOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        var plain = new InferenceSession(model.ToBytes(overrides), plainOptions);
        var options = new InferenceHostOptions
        {
            IntraOpThreads = threads,
            InterOpThreads = 1,
            MaxBatchSize = Math.Max(32, count),
            WeightMode = composed ?? InferenceWeightMode.Baked,
        };
        configure?.Invoke(options);
        var host = new InferenceHost(Options.Create(options), NullLogger<InferenceHost>.Instance);
        await host.PublishAsync(ServedModelSpec.FromModel(model, "bench", overrides), CancellationToken.None);
        return new InferenceBenchmarkSetup(plain, plainOptions, host, InferenceBenchmarkModels.Batch(count, 5), count);
    }

    /// <summary>One plain <c>InferenceSession.Run</c> of the batch, copying the logits out.</summary>
    public float[] RunPlain()
    {
        using var outputs = _plain.Run(_runOptions, ["input"], [_plainInput], ["logits"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The same batch through the host: <c>InferAsync</c> for one sample, <c>InferBatchAsync</c> otherwise.</summary>
    public InferenceResult[] RunHost() => _count == 1
        ? [Host.InferAsync(_batch, CancellationToken.None).GetAwaiter().GetResult()]
        : Host.InferBatchAsync(_batch, _count, CancellationToken.None).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _plainInput.Dispose();
        _plain.Dispose();
        _plainOptions.Dispose();
        _runOptions.Dispose();
    }
}
