namespace Atlas.Engine.Data;

/// <summary>Element types the IDX and NumPy readers understand.</summary>
internal enum ElementType
{
    UInt8,
    Int8,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
}

/// <summary>Sizes and display names of <see cref="ElementType"/> values.</summary>
internal static class ElementTypes
{
    public static int SizeOf(ElementType type) => type switch
    {
        ElementType.UInt8 or ElementType.Int8 => 1,
        ElementType.Int16 => 2,
        ElementType.Int32 or ElementType.Float32 => 4,
        ElementType.Int64 or ElementType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };
}
