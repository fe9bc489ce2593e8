using System.Collections.Concurrent;

namespace Atlas.Engine.Inference;

/// <summary>
/// Counters of one host: live sessions and native buffers (to prove nothing leaks across swaps) and the sizes of
/// the batches micro-batching formed. Thread-safe; read by tests and benchmarks.
/// </summary>
internal sealed class InferenceHostMetrics
{
    private readonly ConcurrentDictionary<int, long> _batchSizes = new();
    private int _liveModels;
    private int _liveBuffers;
    private long _modelsBuilt;

    /// <summary>Served models (sessions) built and not yet disposed.</summary>
    public int LiveModels => Volatile.Read(ref _liveModels);

    /// <summary>Pinned initializer buffers (<c>OrtValue</c>s) handed to sessions and not yet released.</summary>
    public int LiveBuffers => Volatile.Read(ref _liveBuffers);

    /// <summary>Sessions built over the host's life.</summary>
    public long ModelsBuilt => Interlocked.Read(ref _modelsBuilt);

    /// <summary>How many runs had each batch size (requests per run).</summary>
    public IReadOnlyDictionary<int, long> BatchSizes => new Dictionary<int, long>(_batchSizes);

    public void ModelCreated()
    {
        Interlocked.Increment(ref _liveModels);
        Interlocked.Increment(ref _modelsBuilt);
    }

    public void ModelDisposed() => Interlocked.Decrement(ref _liveModels);

    public void BuffersCreated(int count) => Interlocked.Add(ref _liveBuffers, count);

    public void BuffersReleased(int count) => Interlocked.Add(ref _liveBuffers, -count);

    public void BatchRan(int size) => _batchSizes.AddOrUpdate(size, 1, (_, n) => n + 1);
}
