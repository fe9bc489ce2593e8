using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Atlas.Engine.Inference;

/// <summary>
/// Groups single-sample requests from concurrent callers into batched runs. A caller that finds nothing else in
/// flight, while recent traffic was sequential, runs inline on its own thread (no hand-off cost for a lone camera
/// loop). Otherwise the request is queued and one worker takes everything queued, up to the maximum batch size;
/// when the previous batch held several requests it waits up to the maximum delay (measured from the oldest
/// request) for as many to arrive again. Each run
/// leases the current model, so a swap never affects a run already started.
/// </summary>
internal sealed class MicroBatcher : IAsyncDisposable
{
    private readonly Channel<PendingRequest> _queue = Channel.CreateUnbounded<PendingRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Func<ServedModel> _lease;
    private readonly InferenceHostMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxDelay;
    private readonly bool _inlineWhenIdle;
    private readonly Task _worker;
    private int _running;
    private int _queued;
    private int _lastBatchSize;

    public MicroBatcher(Func<ServedModel> lease, InferenceHostOptions options, InferenceHostMetrics metrics, ILogger logger, TimeProvider time)
    {
        _lease = lease;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _maxBatchSize = options.MaxBatchSize;
        _maxDelay = options.MaxBatchDelay;
        _inlineWhenIdle = options.InlineWhenIdle;
        _worker = Task.Run(RunWorkerAsync);
    }

    /// <summary>Runs one sample: inline when allowed and nothing else is in flight, else through the batch queue.</summary>
    public Task<InferenceResult> InferAsync(ReadOnlyMemory<float> sample, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<InferenceResult>(cancellationToken);
        // Inline only while callers look sequential: once the worker has formed batches of several requests, an
        // inline run would split the next batch, so requests keep going through the queue until a batch of one.
        if (_inlineWhenIdle && Volatile.Read(ref _lastBatchSize) <= 1 && Volatile.Read(ref _queued) == 0
            && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            try
            {
                return Task.FromResult(RunInline(sample));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Task.FromException<InferenceResult>(e);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
        var request = new PendingRequest(sample, _time.GetTimestamp(), cancellationToken);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref _queued);
            return Task.FromException<InferenceResult>(new ObjectDisposedException(nameof(InferenceHost)));
        }
        return request.Task;
    }

    /// <summary>Runs a caller's batch inline, in chunks of at most the maximum batch size.</summary>
    public InferenceResult[] InferBatch(ReadOnlyMemory<float> batch, int count)
    {
        var model = _lease();
        try
        {
            var sampleLength = model.Signature.SampleLength;
            if (batch.Length != count * sampleLength)
                throw new ArgumentException($"Expected {count} samples of {sampleLength} values ({count * sampleLength}), got {batch.Length} values.", nameof(batch));
            var logits = new float[count][];
            for (var start = 0; start < count; start += _maxBatchSize)
            {
                var size = Math.Min(_maxBatchSize, count - start);
                model.Run(batch.Slice(start * sampleLength, size * sampleLength), size, logits.AsSpan(start, size));
                _metrics.BatchRan(size);
            }
            return Array.ConvertAll(logits, l => new InferenceResult(l, model.Version));
        }
        finally
        {
            model.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private InferenceResult RunInline(ReadOnlyMemory<float> sample)
    {
        var model = _lease();
        try
        {
            var logits = new float[1][];
            model.Run(sample, 1, logits);
            _metrics.BatchRan(1);
            return new InferenceResult(logits[0], model.Version);
        }
        finally
        {
            model.Release();
        }
    }

    private async Task RunWorkerAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingRequest>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Drain(reader, batch);
            if (batch.Count == 0) continue;
            var target = Math.Min(_maxBatchSize, Math.Max(_lastBatchSize, batch.Count));
            if (batch.Count < target && _maxDelay > TimeSpan.Zero)
                await WaitForMoreAsync(reader, batch, target).ConfigureAwait(false);
            Volatile.Write(ref _lastBatchSize, batch.Count);
            Interlocked.Increment(ref _running);
            try
            {
                Execute(batch);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                batch.Clear();
            }
        }
    }

    private async Task WaitForMoreAsync(ChannelReader<PendingRequest> reader, List<PendingRequest> batch, int target)
    {
        while (batch.Count < target)
        {
            var remaining = _maxDelay - _time.GetElapsedTime(batch[0].EnqueuedAt);
            if (remaining <= TimeSpan.Zero) return;
            using var timeout = new CancellationTokenSource(remaining, _time);
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return;
            }
            Drain(reader, batch);
        }
    }

    private void Drain(ChannelReader<PendingRequest> reader, List<PendingRequest> batch)
    {
        while (batch.Count < _maxBatchSize && reader.TryRead(out var request))
        {
            Interlocked.Decrement(ref _queued);
            if (!request.Task.IsCompleted) batch.Add(request); // skip requests cancelled while queued
        }
    }

    private void Execute(List<PendingRequest> batch)
    {
        ServedModel model;
        try
        {
            model = _lease();
        }
        catch (Exception e) when (e is InferenceException or ObjectDisposedException)
        {
            foreach (var request in batch) request.Fail(e);
            return;
        }
        var sampleLength = model.Signature.SampleLength;
        // A request whose length does not fit the model fails alone instead of failing its batch.
        var runnable = new List<PendingRequest>(batch.Count);
        foreach (var request in batch)
        {
            if (request.Sample.Length == sampleLength) runnable.Add(request);
            else request.Fail(new ArgumentException($"A sample for input '{model.Signature.InputName}' of model version '{model.Version}' needs {sampleLength} values, got {request.Sample.Length}."));
        }
        var buffer = ArrayPool<float>.Shared.Rent(runnable.Count * sampleLength);
        try
        {
            for (var i = 0; i < runnable.Count; i++)
                runnable[i].Sample.Span.CopyTo(buffer.AsSpan(i * sampleLength, sampleLength));
            var logits = new float[runnable.Count][];
            if (runnable.Count > 0)
            {
                model.Run(buffer.AsMemory(0, runnable.Count * sampleLength), runnable.Count, logits);
                _metrics.BatchRan(runnable.Count);
            }
            for (var i = 0; i < runnable.Count; i++)
                runnable[i].Complete(new InferenceResult(logits[i], model.Version));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            InferenceLog.BatchFailed(_logger, runnable.Count, model.Version, e);
            foreach (var request in runnable) request.Fail(e);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
            model.Release();
        }
    }
}
