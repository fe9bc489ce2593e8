using Atlas.Agent.Telemetry;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// What the serving loop tells the adaptation scheduler, without a lock or a wait: a count of served frames and, per
/// frame, the entropy of the predicted class distribution, written into a fixed ring of recent values. The writer
/// claims a slot with one interlocked increment and stores a float; the scheduler reads what was written since its last
/// read. A reader that falls more than <see cref="Capacity"/> frames behind skips the frames overwritten meanwhile
/// (they are counted as <see cref="ServingSignals.Read"/>'s <c>lost</c>); a slot read while its writer is between the
/// claim and the store shows its previous value, which a rolling mean over hundreds of frames tolerates.
/// </summary>
internal sealed class ServingSignals
{
    /// <summary>Entropy values kept for the reader (a power of two).</summary>
    public const int Capacity = 4096;

    private readonly float[] _entropies = new float[Capacity];
    private long _served;

    /// <summary>Frames served so far (each one offered to adaptation).</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Records one served frame from its logits (tests and callers without a precomputed summary).</summary>
    public void Record(ReadOnlySpan<float> logits) => Record(Entropy(logits));

    /// <summary>Records one served frame's prediction entropy: one interlocked increment, one store.</summary>
    public void Record(float entropy)
    {
        var index = Interlocked.Increment(ref _served) - 1;
        Volatile.Write(ref _entropies[index & (Capacity - 1)], entropy);
    }

    /// <summary>
    /// Copies the entropies recorded after frame <paramref name="from"/> (a count of frames served, as returned by the
    /// previous call) into <paramref name="sink"/>; returns the new position and how many frames were overwritten unread.
    /// </summary>
    public (long Position, long Lost) Read(long from, Action<double> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var to = Served;
        var lost = Math.Max(0, to - from - Capacity);
        for (var i = from + lost; i < to; i++) sink(Volatile.Read(ref _entropies[i & (Capacity - 1)]));
        return (to, lost);
    }

    /// <summary>Shannon entropy (nats) of softmax(logits), computed stably; 0 for fewer than two classes.</summary>
    public static float Entropy(ReadOnlySpan<float> logits) => SoftmaxSummary.Of(logits).Entropy;
}
