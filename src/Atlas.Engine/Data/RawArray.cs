namespace Atlas.Engine.Data;

/// <summary>
/// An n-dimensional array as read from an IDX or NumPy file, before conversion: its shape, element type, byte order and
/// the bytes that hold its elements (a window of <see cref="Buffer"/>, so the file is not copied again).
/// </summary>
internal sealed class RawArray
{
    public RawArray(string path, string format, int[] shape, ElementType elementType, bool bigEndian, byte[] buffer, int dataOffset)
    {
        Path = path;
        Format = format;
        Shape = shape;
        ElementType = elementType;
        BigEndian = bigEndian;
        Buffer = buffer;
        DataOffset = dataOffset;
    }

    /// <summary>The file the array came from, for error messages.</summary>
    public string Path { get; }

    /// <summary>"IDX" or "NumPy", for error messages.</summary>
    public string Format { get; }

    public int[] Shape { get; }

    public ElementType ElementType { get; }

    public bool BigEndian { get; }

    public byte[] Buffer { get; }

    public int DataOffset { get; }

    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    public ReadOnlySpan<byte> Data => Buffer.AsSpan(DataOffset, checked((int)(ElementCount * ElementTypes.SizeOf(ElementType))));

    public string ShapeText => "(" + string.Join(", ", Shape) + ")";
}
