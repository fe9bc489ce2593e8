using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Engine.Inference;

/// <summary>
/// Serves an ONNX model with composed weights on ONNX Runtime and replaces it without downtime. A new
/// composition is validated, built and warmed up off the serving path, then published atomically; requests
/// already running finish on the session they started on, and the old session is disposed when its last user
/// releases it. Single-sample requests from concurrent callers are micro-batched.
/// </summary>
/// <remarks>Thread-safe. Publishes are serialised; inference never waits for a publish.</remarks>
public sealed class InferenceHost : IAsyncDisposable
{
    private readonly ILogger<InferenceHost> _logger;
    private readonly ServedModelBuilder _builder;
    private readonly MicroBatcher _batcher;
    private readonly SemaphoreSlim _publishLock = new(1, 1);
    private ServedModel? _current;
    private int _disposed;

    /// <param name="options">Validated here; an invalid setting throws <see cref="OptionsValidationException"/> listing all of them.</param>
    /// <param name="logger">Provider choices, publishes and failures.</param>
    /// <param name="timeProvider">Clock for batching delays and build times; <see cref="TimeProvider.System"/> when null.</param>
    public InferenceHost(IOptions<InferenceHostOptions> options, ILogger<InferenceHost> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        InferenceHostOptionsValidator.ThrowIfInvalid(settings);
        _logger = logger;
        var time = timeProvider ?? TimeProvider.System;
        _builder = new ServedModelBuilder(settings, new ExecutionProviderSelector(logger), Metrics, time);
        _batcher = new MicroBatcher(Lease, settings, Metrics, logger, time);
    }

    /// <summary>The model being served, or null before the first successful publish.</summary>
    public ServedModelInfo? Current => Volatile.Read(ref _current)?.Info;

    /// <summary>Live sessions, buffers and batch sizes (tests and benchmarks).</summary>
    internal InferenceHostMetrics Metrics { get; } = new();

    /// <summary>
    /// Validates <paramref name="spec"/>, builds and warms up its session on a worker thread, then makes it the
    /// served model. On any failure the current model keeps serving and the exception (an
    /// <see cref="InferenceException"/> naming the problem) propagates.
    /// </summary>
    public async Task<ServedModelInfo> PublishAsync(ServedModelSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _publishLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ServedModel built;
            try
            {
                built = await Task.Run(() => _builder.Build(spec, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                InferenceLog.PublishFailed(_logger, spec.Version, e);
                throw;
            }
            if (Volatile.Read(ref _disposed) != 0)
            {
                built.Dispose();
                throw new ObjectDisposedException(nameof(InferenceHost));
            }
            Interlocked.Exchange(ref _current, built)?.Release();
            var info = built.Info;
            InferenceLog.ModelPublished(_logger, info.Version, info.OverriddenInitializers, info.Providers, info.BuildDuration.TotalMilliseconds);
            return info;
        }
        finally
        {
            _publishLock.Release();
        }
    }

    /// <summary>
    /// Runs one sample (the model's input without its batch dimension, e.g. CHW f32), grouped with concurrent
    /// callers' samples when the model has a dynamic batch. The result names the model version that produced it.
    /// The sample memory must stay unchanged until the task completes.
    /// </summary>
    /// <exception cref="InferenceException">No model is published yet.</exception>
    public Task<InferenceResult> InferAsync(ReadOnlyMemory<float> sample, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _batcher.InferAsync(sample, cancellationToken);
    }

    /// <summary>
    /// Runs a batch the caller already has: <paramref name="count"/> samples laid out contiguously. All results
    /// come from one model version. Runs in chunks of at most <see cref="InferenceHostOptions.MaxBatchSize"/>.
    /// </summary>
    public Task<InferenceResult[]> InferBatchAsync(ReadOnlyMemory<float> batch, int count, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<InferenceResult[]>(cancellationToken);
        try
        {
            return Task.FromResult(_batcher.InferBatch(batch, count));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Task.FromException<InferenceResult[]>(e);
        }
    }

    /// <summary>Stops accepting requests, finishes the queued ones, and releases the served model.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _batcher.DisposeAsync().ConfigureAwait(false);
        await _publishLock.WaitAsync().ConfigureAwait(false);
        try
        {
            Interlocked.Exchange(ref _current, null)?.Release();
        }
        finally
        {
            _publishLock.Release();
        }
        // _publishLock is not disposed: a publish racing with disposal may still release it, and a SemaphoreSlim
        // without a wait handle holds nothing native.
    }

    /// <summary>Takes a reference on the current model; the caller must <see cref="ServedModel.Release"/> it.</summary>
    internal ServedModel Lease()
    {
        while (true)
        {
            var model = Volatile.Read(ref _current)
                ?? throw (Volatile.Read(ref _disposed) != 0
                    ? new ObjectDisposedException(nameof(InferenceHost))
                    : new InferenceException("No model has been published to the inference host yet; call PublishAsync first."));
            if (model.TryLease()) return model;
            // Lost a race with a swap that released this model; the next read sees its successor.
        }
    }
}
