using System.Globalization;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Bank;

/// <summary>
/// The tensor layout rules of task-vector files (docs/bank.md): full files key deltas by initializer name with the
/// initializer's shape; LoRA files hold <c>&lt;initializer&gt;.lora_A</c> [r, in] and <c>.lora_B</c> [out, r], with
/// out = dim 0 of the initializer and in = the product of its other dims, and <c>scale</c> in the metadata.
/// </summary>
internal static class TaskVectorLayout
{
    public const string LoraASuffix = ".lora_A";
    public const string LoraBSuffix = ".lora_B";
    public const string ScaleKey = "scale";

    /// <summary>The (out, in) matrix view of an initializer shape for LoRA: out = dim 0, in = product of the rest.</summary>
    public static (long Out, long In) MatrixDims(long[] shape) =>
        shape.Length == 0 ? (1, 1) : (shape[0], shape.Skip(1).Aggregate(1L, (a, d) => a * d));

    public static string FormatScale(float scale) => scale.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParseScale(IReadOnlyDictionary<string, string> metadata, out float scale)
    {
        scale = 0;
        return metadata.TryGetValue(ScaleKey, out var text)
            && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) && float.IsFinite(scale);
    }

    /// <summary>Problem text when <paramref name="name"/> cannot hold a delta for the base model, else null.</summary>
    public static string? InitializerProblem(OnnxModel baseModel, string name)
    {
        if (!baseModel.HasInitializer(name)) return $"'{name}' is not an initializer of the base model";
        var info = baseModel.GetInitializerInfo(name);
        return info.IsFloatingPoint ? null : $"'{name}' is a {info.ElementType} initializer, not a floating-point one";
    }

    public static List<string> CheckFull(SafetensorsFile file, OnnxModel baseModel, SafetensorsDType dtype, string label, List<string> problems)
    {
        var blocks = new List<string>();
        foreach (var tensor in file.Tensors)
        {
            if (InitializerProblem(baseModel, tensor.Name) is { } problem)
            {
                problems.Add($"{label}: tensor {problem}");
                continue;
            }
            var expected = baseModel.GetInitializerInfo(tensor.Name).Shape;
            if (!expected.SequenceEqual(tensor.Shape))
                problems.Add($"{label}: tensor '{tensor.Name}' has shape {tensor.ShapeText}, the base model's initializer has [{string.Join(",", expected)}]");
            else if (tensor.DType != dtype)
                problems.Add($"{label}: tensor '{tensor.Name}' is stored as {SafetensorsDTypes.ToHeaderName(tensor.DType)}, {BankFolder.ManifestFileName} says {BankNames.DTypeText(dtype)}");
            else
                blocks.Add(tensor.Name);
        }
        return blocks;
    }

    public static List<string> CheckLora(SafetensorsFile file, OnnxModel baseModel, SafetensorsDType dtype, string label, List<string> problems)
    {
        if (!TryParseScale(file.Metadata, out _))
            problems.Add($"{label}: the file's __metadata__ has no finite number '{ScaleKey}' (the LoRA scale)");
        var blocks = new List<string>();
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tensor in file.Tensors)
        {
            if (tensor.Name.EndsWith(LoraASuffix, StringComparison.Ordinal)) targets.Add(tensor.Name[..^LoraASuffix.Length]);
            else if (tensor.Name.EndsWith(LoraBSuffix, StringComparison.Ordinal)) targets.Add(tensor.Name[..^LoraBSuffix.Length]);
            else problems.Add($"{label}: tensor '{tensor.Name}' does not end in {LoraASuffix} or {LoraBSuffix}");
            if (tensor.DType != dtype)
                problems.Add($"{label}: tensor '{tensor.Name}' is stored as {SafetensorsDTypes.ToHeaderName(tensor.DType)}, {BankFolder.ManifestFileName} says {BankNames.DTypeText(dtype)}");
        }
        foreach (var target in targets)
        {
            if (CheckLoraPair(target, file.Contains(target + LoraASuffix) ? file.GetInfo(target + LoraASuffix).Shape : null,
                    file.Contains(target + LoraBSuffix) ? file.GetInfo(target + LoraBSuffix).Shape : null, baseModel) is { } problem)
                problems.Add($"{label}: {problem}");
            else
                blocks.Add(target);
        }
        return blocks;
    }

    /// <summary>Problem text when A [r, in] and B [out, r] do not fit the initializer <paramref name="target"/>, else null.</summary>
    public static string? CheckLoraPair(string target, long[]? a, long[]? b, OnnxModel baseModel)
    {
        if (InitializerProblem(baseModel, target) is { } problem) return $"LoRA target {problem}";
        if (a is null) return $"'{target}{LoraASuffix}' is missing (it has {LoraBSuffix})";
        if (b is null) return $"'{target}{LoraBSuffix}' is missing (it has {LoraASuffix})";
        var (outDim, inDim) = MatrixDims(baseModel.GetInitializerInfo(target).Shape);
        if (a.Length != 2 || b.Length != 2 || a[0] != b[1] || a[0] < 1 || a[1] != inDim || b[0] != outDim)
        {
            return $"LoRA factors of '{target}' have shapes A [{string.Join(",", a)}] and B [{string.Join(",", b)}]; " +
                $"the initializer needs A [r,{inDim}] and B [{outDim},r] with the same r ≥ 1";
        }
        return null;
    }
}
