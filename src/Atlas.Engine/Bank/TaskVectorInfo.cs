using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Bank;

/// <summary>
/// What bank.json says about one task vector, with block shapes filled in from the base model: enough to list a bank
/// without reading any tensor data.
/// </summary>
/// <param name="Name">Unique, file-system-safe name.</param>
/// <param name="Kind">Full delta or LoRA factors.</param>
/// <param name="StorageType">F32, F16 or BF16 on disk; always f32 once loaded.</param>
/// <param name="FileName">The safetensors file in the bank folder.</param>
/// <param name="Source">Where it came from (a file name or a free description of the source).</param>
/// <param name="Description">Optional free text.</param>
/// <param name="CreatedUtc">When it was added.</param>
/// <param name="Blocks">Changed blocks in base-model initializer order.</param>
/// <param name="BytesOnDisk">Size of the safetensors file.</param>
public sealed record TaskVectorInfo(
    string Name,
    TaskVectorKind Kind,
    SafetensorsDType StorageType,
    string FileName,
    string Source,
    string? Description,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<TaskVectorBlock> Blocks,
    long BytesOnDisk)
{
    /// <summary>Bytes the task vector occupies once loaded as dense f32 tensors (LoRA expanded).</summary>
    public long BytesInMemoryAsFloat32 => Blocks.Sum(b => b.ElementCount) * sizeof(float);
}
