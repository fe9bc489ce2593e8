using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Bank;

/// <summary>A task vector computed from a source, already rounded to its storage type, ready to be written.</summary>
internal sealed class ExtractedTaskVector(TaskVectorKind kind)
{
    public TaskVectorKind Kind { get; } = kind;

    /// <summary>Tensors to write (values already representable in their dtype).</summary>
    public List<SafetensorsTensor> Tensors { get; } = [];

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>L2 norm of each stored block's dense delta.</summary>
    public Dictionary<string, double> BlockNorms { get; } = new(StringComparer.Ordinal);

    /// <summary>Blocks whose delta is zero everywhere after rounding; not stored.</summary>
    public List<string> Unchanged { get; } = [];
}
