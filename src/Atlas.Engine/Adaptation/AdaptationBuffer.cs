using Atlas.Engine.Data;

namespace Atlas.Engine.Adaptation;

/// <summary>
/// Recent preprocessed frames for on-device adaptation, in bounded memory. Training frames are kept in one reservoir per
/// predicted class (<c>Capacity / ClassCount</c> slots each), so a correlated stream where one class dominates cannot crowd
/// the others out; one frame in each block of k admitted frames, at a seeded pseudo-random position in the block (see
/// <see cref="HeldOutAssignment"/>, which a periodic stream cannot alias with), goes instead to a separate held-out
/// reservoir used to judge candidates without labels, so a candidate is never validated on frames it was adapted on.
/// Thread-safe.
/// </summary>
public sealed class AdaptationBuffer
{
    private readonly Lock _gate = new();
    private readonly AdaptationBufferOptions _options;
    private readonly FrameReservoir[] _perClass;
    private readonly FrameReservoir _heldOut;
    private readonly Random _random;
    private long _admitted;

    /// <summary>Creates an empty buffer; the options are validated.</summary>
    public AdaptationBuffer(AdaptationBufferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        int perClass = options.Capacity / options.ClassCount;
        var newest = options.RecentWindow > 0;
        _perClass = Enumerable.Range(0, options.ClassCount).Select(_ => new FrameReservoir(perClass, newest)).ToArray();
        _heldOut = new FrameReservoir(options.HeldOutCapacity, newest);
        _random = new Random(options.Seed);
    }

    /// <summary>The bounds and frame shape this buffer was made with.</summary>
    public AdaptationBufferOptions Options => _options;

    /// <summary>Frames offered so far (admitted to either slice or not).</summary>
    public long Admitted { get { lock (_gate) return _admitted; } }

    /// <summary>Training frames now held.</summary>
    public int TrainCount { get { lock (_gate) return _perClass.Sum(r => r.Count); } }

    /// <summary>Held-out frames now held.</summary>
    public int HeldOutCount { get { lock (_gate) return _heldOut.Count; } }

    /// <summary>Training frames now held for each predicted class.</summary>
    public int[] TrainCountsByClass() { lock (_gate) return _perClass.Select(r => r.Count).ToArray(); }

    /// <summary>
    /// Offers one frame with the class the current model predicted for it. The frame is copied, so the caller may reuse
    /// its array.
    /// </summary>
    /// <param name="chw">The preprocessed frame, channels × height × width floats.</param>
    /// <param name="predictedClass">The current model's top-1 class for the frame, in [0, ClassCount).</param>
    public void Add(float[] chw, int predictedClass)
    {
        ArgumentNullException.ThrowIfNull(chw);
        if (chw.Length != _options.FrameSize)
            throw new ArgumentException(
                $"The frame holds {chw.Length} floats, expected {_options.Channels}×{_options.Height}×{_options.Width} = {_options.FrameSize}.", nameof(chw));
        if ((uint)predictedClass >= (uint)_options.ClassCount)
            throw new ArgumentOutOfRangeException(nameof(predictedClass), $"Predicted class {predictedClass} is outside [0, {_options.ClassCount}).");
        var copy = (float[])chw.Clone();
        lock (_gate)
        {
            var position = _admitted++;
            if (HeldOutAssignment.IsHeldOut(position, _options.HeldOutEvery, _options.Seed)) _heldOut.Offer(copy, _random, position);
            else _perClass[predictedClass].Offer(copy, _random, position);
        }
    }

    /// <summary>
    /// Copies the buffer into two unlabeled datasets for one learning run: the training frames (grouped by predicted class)
    /// and the held-out frames. Later <see cref="Add"/> calls do not change them.
    /// </summary>
    public (ImageDataset Train, ImageDataset HeldOut) Snapshot()
    {
        var trainFrames = new List<float[]>();
        var heldOutFrames = new List<float[]>();
        lock (_gate)
        {
            var from = _options.RecentWindow > 0 ? _admitted - _options.RecentWindow : long.MinValue;
            foreach (var reservoir in _perClass) reservoir.CopyTo(trainFrames, from);
            _heldOut.CopyTo(heldOutFrames, from);
        }
        return (ToDataset(trainFrames), ToDataset(heldOutFrames));
    }

    private ImageDataset ToDataset(List<float[]> frames)
    {
        int size = _options.FrameSize;
        var pixels = new float[frames.Count * size];
        for (int i = 0; i < frames.Count; i++) frames[i].CopyTo(pixels, i * size);
        return new ImageDataset(pixels, _options.Channels, _options.Height, _options.Width, labels: null, classCount: _options.ClassCount);
    }
}
