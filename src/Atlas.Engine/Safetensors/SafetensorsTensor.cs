namespace Atlas.Engine.Safetensors;

/// <summary>
/// A tensor to write: its name, the element type to store it as, its shape and its values as f32 (converted to
/// <paramref name="DType"/> with round-to-nearest-even when written).
/// </summary>
public sealed record SafetensorsTensor(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<float> Values)
{
    /// <summary>Number of elements the shape describes.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
