namespace Atlas.Engine.Adaptation;

/// <summary>
/// Bounds and shape of an <see cref="AdaptationBuffer"/>. Memory is fixed by these numbers alone, whatever the length of
/// the stream: at most <c>(Capacity + HeldOutCapacity) × Channels × Height × Width</c> floats are kept.
/// </summary>
public sealed record AdaptationBufferOptions
{
    /// <summary>Training frames kept in total; each class gets <c>Capacity / ClassCount</c> slots.</summary>
    public int Capacity { get; init; } = 512;

    /// <summary>Number of classes the model predicts; fixes the per-class quota.</summary>
    public int ClassCount { get; init; } = 10;

    /// <summary>
    /// One frame in each block of k consecutive admitted frames goes to the held-out slice instead of the training
    /// reservoir, at a position in the block drawn from <see cref="Seed"/> (not always the k-th, which a stream with period
    /// k would alias with).
    /// </summary>
    public int HeldOutEvery { get; init; } = 5;

    /// <summary>Held-out frames kept at most (uniform reservoir over the held-out stream).</summary>
    public int HeldOutCapacity { get; init; } = 128;

    /// <summary>Channels per frame.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; } = 28;

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; } = 28;

    /// <summary>Seed of the reservoir's random choices, so the same stream always leaves the same buffer.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// 0 (default): each reservoir is a uniform sample of the whole stream. N &gt; 0: each reservoir keeps its newest
    /// frames and <see cref="AdaptationBuffer.Snapshot"/> leaves out frames admitted more than N frames ago, so after the
    /// scene changes (fog rolls in) a round learns from the scene as it is now, not from what the stream mostly was.
    /// </summary>
    public int RecentWindow { get; init; }

    /// <summary>Floats per frame.</summary>
    public int FrameSize => Channels * Height * Width;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid field and its value.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ClassCount, nameof(ClassCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, ClassCount, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(HeldOutEvery, 2, nameof(HeldOutEvery));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HeldOutCapacity, nameof(HeldOutCapacity));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Channels, nameof(Channels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Height, nameof(Height));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Width, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfNegative(RecentWindow, nameof(RecentWindow));
    }
}
