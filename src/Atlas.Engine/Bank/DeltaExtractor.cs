using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;
using TorchSharp;

namespace Atlas.Engine.Bank;

/// <summary>
/// Computes a task vector from each kind of source, pairing tensors with the base model by initializer name. Values are
/// rounded to the storage type before the zero test and the norms, so both describe exactly what a reader gets back.
/// Every unknown name or wrong shape is collected and reported together.
/// </summary>
internal static class DeltaExtractor
{
    public static ExtractedTaskVector Extract(OnnxModel baseModel, AddTaskVectorRequest request) => request.Source switch
    {
        TaskVectorSourceKind.FineTunedModel => FromFineTunedModel(baseModel, request.SourcePath, request.StorageType),
        TaskVectorSourceKind.Weights => FromSafetensors(baseModel, request.SourcePath, request.StorageType, subtractBase: true),
        TaskVectorSourceKind.Delta => FromSafetensors(baseModel, request.SourcePath, request.StorageType, subtractBase: false),
        TaskVectorSourceKind.Lora => FromLora(baseModel, request.SourcePath, request.StorageType),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Source, "Unknown source kind."),
    };

    private static ExtractedTaskVector FromFineTunedModel(OnnxModel baseModel, string path, SafetensorsDType dtype)
    {
        OnnxModel fineTuned;
        try
        {
            fineTuned = OnnxModel.Load(path);
        }
        catch (OnnxFormatException e)
        {
            throw new TaskVectorBankException($"Fine-tuned model '{path}' cannot be read: {e.Message}", e);
        }
        var differences = OnnxStructureComparer.Compare(baseModel, fineTuned);
        if (differences.Count > 0)
        {
            throw new TaskVectorBankException(
                $"Fine-tuned model '{path}' does not have the base model's structure, so its weights cannot be paired by name. " +
                "First differences:" + string.Concat(differences.Select(d => Environment.NewLine + "  - " + d)) + Environment.NewLine +
                "If both come from torch.onnx.export, export both with do_constant_folding=False (folding renames and merges parameters).");
        }
        var result = new ExtractedTaskVector(TaskVectorKind.Full);
        foreach (var info in baseModel.Initializers.Where(i => i.IsFloatingPoint))
        {
            var delta = fineTuned.ReadFloatInitializer(info.Name);
            var theta0 = baseModel.ReadFloatInitializer(info.Name);
            for (int i = 0; i < delta.Length; i++) delta[i] -= theta0[i];
            AddDense(result, info.Name, info.Shape, delta, dtype);
        }
        return result;
    }

    private static ExtractedTaskVector FromSafetensors(OnnxModel baseModel, string path, SafetensorsDType dtype, bool subtractBase)
    {
        using var file = OpenSource(path);
        var problems = new List<string>();
        foreach (var tensor in file.Tensors)
        {
            if (TaskVectorLayout.InitializerProblem(baseModel, tensor.Name) is { } problem)
                problems.Add($"tensor {problem}");
            else if (!baseModel.GetInitializerInfo(tensor.Name).Shape.SequenceEqual(tensor.Shape))
                problems.Add($"tensor '{tensor.Name}' has shape {tensor.ShapeText}, the base model's initializer has {baseModel.GetInitializerInfo(tensor.Name).ShapeText}");
            else if (!SafetensorsDTypes.IsFloatingPoint(tensor.DType))
                problems.Add($"tensor '{tensor.Name}' has dtype {SafetensorsDTypes.ToHeaderName(tensor.DType)}, not a floating-point type");
        }
        ThrowIfAny(path, problems);
        var result = new ExtractedTaskVector(TaskVectorKind.Full);
        var present = file.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var info in baseModel.Initializers.Where(i => present.Contains(i.Name)))
        {
            var delta = file.ReadFloat32(info.Name);
            if (subtractBase)
            {
                var theta0 = baseModel.ReadFloatInitializer(info.Name);
                for (int i = 0; i < delta.Length; i++) delta[i] -= theta0[i];
            }
            AddDense(result, info.Name, info.Shape, delta, dtype);
        }
        return result;
    }

    private static ExtractedTaskVector FromLora(OnnxModel baseModel, string path, SafetensorsDType dtype)
    {
        using var file = OpenSource(path);
        var problems = new List<string>();
        if (!TaskVectorLayout.TryParseScale(file.Metadata, out var scale))
            problems.Add($"__metadata__ has no finite number '{TaskVectorLayout.ScaleKey}' (the LoRA scale, e.g. alpha/r)");
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tensor in file.Tensors)
        {
            if (tensor.Name.EndsWith(TaskVectorLayout.LoraASuffix, StringComparison.Ordinal)) targets.Add(tensor.Name[..^TaskVectorLayout.LoraASuffix.Length]);
            else if (tensor.Name.EndsWith(TaskVectorLayout.LoraBSuffix, StringComparison.Ordinal)) targets.Add(tensor.Name[..^TaskVectorLayout.LoraBSuffix.Length]);
            else problems.Add($"tensor '{tensor.Name}' does not end in {TaskVectorLayout.LoraASuffix} or {TaskVectorLayout.LoraBSuffix}");
            if (!SafetensorsDTypes.IsFloatingPoint(tensor.DType))
                problems.Add($"tensor '{tensor.Name}' has dtype {SafetensorsDTypes.ToHeaderName(tensor.DType)}, not a floating-point type");
        }
        foreach (var target in targets)
        {
            var a = file.Contains(target + TaskVectorLayout.LoraASuffix) ? file.GetInfo(target + TaskVectorLayout.LoraASuffix).Shape : null;
            var b = file.Contains(target + TaskVectorLayout.LoraBSuffix) ? file.GetInfo(target + TaskVectorLayout.LoraBSuffix).Shape : null;
            if (TaskVectorLayout.CheckLoraPair(target, a, b, baseModel) is { } problem) problems.Add(problem);
        }
        ThrowIfAny(path, problems);
        var result = new ExtractedTaskVector(TaskVectorKind.Lora);
        result.Metadata[TaskVectorLayout.ScaleKey] = TaskVectorLayout.FormatScale(scale);
        foreach (var info in baseModel.Initializers.Where(i => targets.Contains(i.Name)))
        {
            var aName = info.Name + TaskVectorLayout.LoraASuffix;
            var bName = info.Name + TaskVectorLayout.LoraBSuffix;
            var a = file.ReadFloat32(aName);
            var b = file.ReadFloat32(bName);
            FloatConversion.RoundTrip(a, dtype);
            FloatConversion.RoundTrip(b, dtype);
            var aShape = file.GetInfo(aName).Shape;
            var bShape = file.GetInfo(bName).Shape;
            double norm = DenseLoraNorm(a, aShape, b, bShape, scale);
            if (norm == 0)
            {
                result.Unchanged.Add(info.Name);
                continue;
            }
            result.Tensors.Add(new SafetensorsTensor(aName, dtype, aShape, a));
            result.Tensors.Add(new SafetensorsTensor(bName, dtype, bShape, b));
            result.BlockNorms[info.Name] = norm;
        }
        return result;
    }

    private static double DenseLoraNorm(float[] a, long[] aShape, float[] b, long[] bShape, float scale)
    {
        using var scope = torch.NewDisposeScope();
        var product = torch.matmul(torch.tensor(b, bShape), torch.tensor(a, aShape)).mul_(scale);
        return product.to(torch.ScalarType.Float64).norm().item<double>();
    }

    private static void AddDense(ExtractedTaskVector result, string name, long[] shape, float[] delta, SafetensorsDType dtype)
    {
        FloatConversion.RoundTrip(delta, dtype);
        double sum = 0;
        foreach (var v in delta) sum += (double)v * v;
        if (!double.IsFinite(sum))
        {
            throw new TaskVectorBankException(
                $"The delta of '{name}' has values that are not finite once stored as {BankNames.DTypeText(dtype)} " +
                "(NaN, infinity, or beyond the type's range; f16 holds at most 65504 — try --dtype f32 or bf16).");
        }
        if (sum == 0)
        {
            result.Unchanged.Add(name);
            return;
        }
        result.Tensors.Add(new SafetensorsTensor(name, dtype, shape, delta));
        result.BlockNorms[name] = Math.Sqrt(sum);
    }

    private static SafetensorsFile OpenSource(string path)
    {
        try
        {
            return SafetensorsFile.Open(path);
        }
        catch (SafetensorsFormatException e)
        {
            throw new TaskVectorBankException($"Source file '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static void ThrowIfAny(string path, List<string> problems)
    {
        if (problems.Count == 0) return;
        throw new TaskVectorBankException(
            $"Source file '{path}' does not fit the base model ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):" +
            string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
    }
}
