namespace Atlas.Engine.Bank;

/// <summary>What <see cref="TaskVectorBankEditor.Add"/> stored.</summary>
/// <param name="TaskVector">The new entry as the bank now lists it (changed blocks with their norms).</param>
/// <param name="UnchangedBlocks">Float initializers the source covered whose delta is zero everywhere (not stored).</param>
public sealed record TaskVectorAddResult(TaskVectorInfo TaskVector, IReadOnlyList<string> UnchangedBlocks);
