namespace Atlas.Engine.Bank;

/// <summary>
/// A float initializer of the base model that at least one loaded task vector changes: one block of the aTLAS
/// composition θ(j) = θ0(j) + Σi λi(j)·τi(j), identified by its initializer name.
/// </summary>
public sealed record ComposableBlock(string Name, long[] Shape)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
