using TorchSharp;

namespace Atlas.Engine.Bank;

/// <summary>
/// One task vector loaded for composition: dense f32 CPU tensors keyed by initializer name (LoRA factors already
/// expanded to scale·B·A). Only the blocks the task vector changes are present. The tensors belong to the
/// <see cref="TaskVectorSet"/> that returned them; do not dispose them individually.
/// </summary>
public sealed class LoadedTaskVector
{
    internal LoadedTaskVector(TaskVectorInfo info, IReadOnlyDictionary<string, torch.Tensor> tensors)
    {
        Info = info;
        Tensors = tensors;
    }

    /// <summary>The task vector's name.</summary>
    public string Name => Info.Name;

    /// <summary>What bank.json records about it.</summary>
    public TaskVectorInfo Info { get; }

    /// <summary>Delta per changed initializer, f32, shaped like the initializer.</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Tensors { get; }
}
