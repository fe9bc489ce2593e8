namespace Atlas.Engine.Composition;

/// <summary>A floating-point initializer that at least one task vector changes.</summary>
/// <param name="Name">The ONNX initializer name.</param>
/// <param name="Shape">Its shape; a scalar has an empty shape.</param>
public sealed record ComposableBlock(string Name, long[] Shape)
{
    /// <summary>Size of dimension 0 (1 for a scalar): the axis that <c>block:K</c> partitions.</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
