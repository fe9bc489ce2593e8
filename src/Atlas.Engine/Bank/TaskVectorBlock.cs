namespace Atlas.Engine.Bank;

/// <summary>
/// One parameter block a task vector changes: the base model's initializer name, its shape, and the L2 norm of the
/// stored delta (recorded in bank.json when the task vector was added).
/// </summary>
public sealed record TaskVectorBlock(string Name, long[] Shape, double L2Norm)
{
    /// <summary>Number of elements of the dense delta.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
