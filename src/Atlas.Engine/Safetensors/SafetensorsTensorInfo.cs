namespace Atlas.Engine.Safetensors;

/// <summary>
/// One tensor entry of a validated safetensors header. <see cref="Begin"/> and <see cref="End"/> are byte offsets
/// relative to the start of the data section (after the 8-byte length and the JSON header), as the format defines.
/// </summary>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar with shape <c>[]</c>).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>Number of bytes the tensor occupies in the data section.</summary>
    public long ByteLength => End - Begin;

    /// <summary>Shape as text, e.g. <c>[64,128]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";
}
