using Atlas.Engine.Safetensors;
using TorchSharp;

namespace Atlas.Engine.Bank;

/// <summary>Reads one task-vector file into dense f32 tensors, converting once and expanding LoRA factors once.</summary>
internal static class TaskVectorReader
{
    /// <summary>Dense deltas keyed by initializer name. The tensors are detached from any dispose scope; the caller owns them.</summary>
    public static Dictionary<string, torch.Tensor> ReadDense(string directory, TaskVectorInfo info)
    {
        using var file = SafetensorsFile.Open(Path.Combine(directory, info.FileName));
        var result = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            float scale = 1;
            if (info.Kind == TaskVectorKind.Lora && !TaskVectorLayout.TryParseScale(file.Metadata, out scale))
                throw new TaskVectorBankException($"Task vector '{info.Name}': the LoRA scale is missing from '{info.FileName}'.");
            foreach (var block in info.Blocks)
            {
                using var scope = torch.NewDisposeScope();
                var dense = info.Kind == TaskVectorKind.Lora ? ExpandLora(file, block, scale) : file.ReadTensor(block.Name);
                result.Add(block.Name, dense.DetachFromDisposeScope());
            }
            return result;
        }
        catch
        {
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }
    }

    /// <summary>scale·B·A reshaped to the block's shape (call inside a dispose scope).</summary>
    public static torch.Tensor ExpandLora(SafetensorsFile file, TaskVectorBlock block, float scale)
    {
        var a = file.ReadTensor(block.Name + TaskVectorLayout.LoraASuffix);
        var b = file.ReadTensor(block.Name + TaskVectorLayout.LoraBSuffix);
        return torch.matmul(b, a).mul_(scale).reshape(block.Shape);
    }
}
