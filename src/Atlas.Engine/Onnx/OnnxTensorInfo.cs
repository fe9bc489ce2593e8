namespace Atlas.Engine.Onnx;

/// <summary>
/// Name, element type and shape of an initializer or a graph input/output. A dimension that is symbolic or
/// unknown (e.g. a dynamic batch) is -1 in <see cref="Shape"/> and named in <see cref="SymbolicDims"/>.
/// </summary>
public sealed record OnnxTensorInfo(string Name, OnnxElementType ElementType, long[] Shape, string?[] SymbolicDims)
{
    /// <summary>Number of elements, or -1 when a dimension is not fixed.</summary>
    public long ElementCount => Shape.Any(d => d < 0) ? -1 : Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>True for floating-point element types (the ones a task vector can change).</summary>
    public bool IsFloatingPoint => ElementType is OnnxElementType.Float or OnnxElementType.Float16
        or OnnxElementType.BFloat16 or OnnxElementType.Double;

    /// <summary>Shape as text, e.g. <c>[batch,3,224,224]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Shape.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicDims[i] ?? "?")) + "]";
}
