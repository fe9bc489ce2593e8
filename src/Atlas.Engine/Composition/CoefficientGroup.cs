namespace Atlas.Engine.Composition;

/// <summary>
/// One coefficient's reach: the rows <c>[RowStart, RowEnd)</c> along dimension 0 of each listed block.
/// A coefficient group is shared by every task vector: task vector i has its own value λᵢ for each group.
/// </summary>
/// <param name="Name">Stable name used in coefficient files, e.g. <c>conv1.weight</c>, <c>conv1.weight#2</c>, <c>layer:Conv_0</c> or <c>global</c>.</param>
/// <param name="Slices">The parts of blocks this coefficient scales.</param>
public sealed record CoefficientGroup(string Name, IReadOnlyList<BlockSlice> Slices);

/// <summary>Rows <c>[RowStart, RowEnd)</c> along dimension 0 of the block named <paramref name="Block"/>.</summary>
public sealed record BlockSlice(string Block, long RowStart, long RowEnd);
