using Atlas.Engine.Adaptation;
using Atlas.Engine.Imaging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// The serving loop's hand-off to adaptation: each served frame's model input and predicted class go into an
/// <see cref="AdaptationBuffer"/>, created on the first frame with the served model's sample shape and class count.
/// Each frame's prediction entropy and the served-frame count go to <see cref="ServingSignals"/> for the scheduler.
/// A copy per frame and the buffer's short uncontended lock, never a wait on a round; without a configured bank it keeps nothing.
/// </summary>
internal sealed class AdaptationFrames(IOptions<AdaptationOptions> options, ServingSignals signals)
{
    private AdaptationBuffer? _buffer;

    /// <summary>The buffer, or null before the first frame or when adaptation is off.</summary>
    public AdaptationBuffer? Buffer => Volatile.Read(ref _buffer);

    /// <summary>Admits one served frame (the preprocessed sample is copied by the buffer's reservoirs) with its prediction entropy.</summary>
    public void Offer(ImagePreprocessingSpec spec, float[] sample, float[] logits, float entropy)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(logits);
        if (!options.Value.Enabled || logits.Length < 2) return;
        var buffer = Volatile.Read(ref _buffer);
        if (buffer is null)
        {
            var created = new AdaptationBuffer(new AdaptationBufferOptions
            {
                Capacity = Math.Max(options.Value.BufferCapacity, logits.Length),
                ClassCount = logits.Length,
                Channels = spec.Channels,
                Height = spec.Height,
                Width = spec.Width,
                RecentWindow = options.Value.BufferWindow,
            });
            buffer = Interlocked.CompareExchange(ref _buffer, created, null) ?? created;
        }
        buffer.Add(sample, ArgMax(logits));
        signals.Record(entropy);
    }

    private static int ArgMax(float[] logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
