namespace Atlas.Engine.Adaptation;

/// <summary>
/// A fixed-size sample over a stream of frames, in memory that never exceeds <c>capacity</c> frames. By default a
/// uniform sample (reservoir sampling, algorithm R: after n offers every frame is held with probability
/// <c>capacity / n</c>); with <c>keepNewest</c> the newest frames, each new frame replacing the oldest once full.
/// Each kept frame remembers its position in the buffer's stream, so a snapshot can leave out old ones.
/// </summary>
internal sealed class FrameReservoir(int capacity, bool keepNewest = false)
{
    private readonly List<(float[] Frame, long Position)> _frames = new(capacity);
    private int _oldest;

    /// <summary>Frames offered so far, kept or not.</summary>
    public long Seen { get; private set; }

    public int Count => _frames.Count;

    /// <summary>Offers a frame (owned by the reservoir from now on) admitted at stream <paramref name="position"/>; returns whether it was kept.</summary>
    public bool Offer(float[] frame, Random random, long position = 0)
    {
        Seen++;
        if (_frames.Count < capacity)
        {
            _frames.Add((frame, position));
            return true;
        }
        if (keepNewest)
        {
            _frames[_oldest] = (frame, position);
            _oldest = (_oldest + 1) % capacity;
            return true;
        }
        long slot = random.NextInt64(Seen);
        if (slot >= capacity) return false;
        _frames[(int)slot] = (frame, position);
        return true;
    }

    /// <summary>Appends the kept frames admitted at or after <paramref name="fromPosition"/> (shared, not copied; frames never change once offered).</summary>
    public void CopyTo(List<float[]> frames, long fromPosition = long.MinValue)
    {
        foreach (var (frame, position) in _frames)
            if (position >= fromPosition) frames.Add(frame);
    }
}
