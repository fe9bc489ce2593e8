namespace Atlas.Engine.Data;

/// <summary>Element sizes of <see cref="ElementType"/> values.</summary>
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
