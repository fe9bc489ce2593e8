namespace Atlas.Engine.Adaptation;

/// <summary>
/// A uniform sample of fixed size over a stream of frames (reservoir sampling, algorithm R): after n offers every frame
/// is held with probability <c>capacity / n</c>, in memory that never exceeds <c>capacity</c> frames.
/// </summary>
internal sealed class FrameReservoir(int capacity)
{
    private readonly List<float[]> _frames = new(capacity);

    /// <summary>Frames offered so far, kept or not.</summary>
    public long Seen { get; private set; }

    public int Count => _frames.Count;

    /// <summary>Offers a frame (owned by the reservoir from now on); returns whether it was kept.</summary>
    public bool Offer(float[] frame, Random random)
    {
        Seen++;
        if (_frames.Count < capacity)
        {
            _frames.Add(frame);
            return true;
        }
        long slot = random.NextInt64(Seen);
        if (slot >= capacity) return false;
        _frames[(int)slot] = frame;
        return true;
    }

    /// <summary>Appends the kept frames (shared, not copied; frames are never changed once offered).</summary>
    public void CopyTo(List<float[]> frames) => frames.AddRange(_frames);
}
