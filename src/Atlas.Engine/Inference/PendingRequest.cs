namespace Atlas.Engine.Inference;

/// <summary>A queued single-sample request: its input, when it arrived, and the caller's completion.</summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<InferenceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;

    public PendingRequest(ReadOnlyMemory<float> sample, long enqueuedAt, CancellationToken cancellationToken)
    {
        Sample = sample;
        EnqueuedAt = enqueuedAt;
        if (cancellationToken.CanBeCanceled)
            _registration = cancellationToken.Register(static (state, token) => ((PendingRequest)state!)._completion.TrySetCanceled(token), this);
    }

    public ReadOnlyMemory<float> Sample { get; }

    /// <summary>Arrival time as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedAt { get; }

    public Task<InferenceResult> Task => _completion.Task;

    public void Complete(InferenceResult result)
    {
        _registration.Dispose();
        _completion.TrySetResult(result);
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        _completion.TrySetException(exception);
    }
}
