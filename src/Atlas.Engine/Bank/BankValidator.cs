using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Bank;

/// <summary>
/// Checks a bank folder against its format: the manifest, the base model's hash, every task-vector file's presence and
/// header, and every tensor name and shape against the base model. Collects all problems rather than stopping at the
/// first, so <c>bank verify</c> can list them; <see cref="TaskVectorBank.Open"/> throws them together.
/// </summary>
internal static class BankValidator
{
    public static BankValidation Validate(string directory)
    {
        var problems = new List<string>();
        var warnings = new List<string>();
        var manifest = BankManifestStore.Read(directory);
        var (baseModel, basePath) = CheckBaseModel(directory, manifest, problems);
        var infos = new List<TaskVectorInfo>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in manifest.TaskVectors)
        {
            if (!seen.Add(record.Name))
            {
                problems.Add($"task vector '{record.Name}' appears twice (names are compared ignoring case)");
                continue;
            }
            var info = CheckTaskVector(directory, record, baseModel, problems);
            if (info is not null) infos.Add(info);
        }
        foreach (var file in BankFolder.FindTemporaryFiles(directory))
            warnings.Add($"leftover temporary file '{Path.GetFileName(file)}' from an interrupted write (ignored; removed by the next change)");
        var referenced = manifest.TaskVectors.Select(t => t.File).Append(manifest.BaseModel.File).ToHashSet(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*" + BankFolder.TensorFileExtension))
        {
            if (!referenced.Contains(Path.GetFileName(file)))
                warnings.Add($"file '{Path.GetFileName(file)}' is not listed in {BankFolder.ManifestFileName} (ignored)");
        }
        return new BankValidation(directory, manifest, baseModel, basePath, infos, problems, warnings);
    }

    private static (OnnxModel? Model, string? Path) CheckBaseModel(string directory, BankManifest manifest, List<string> problems)
    {
        var file = manifest.BaseModel.File;
        if (!BankFolder.IsPlainFileName(file))
        {
            problems.Add($"base model file '{file}' must be a plain file name inside the bank folder");
            return (null, null);
        }
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            problems.Add($"base model file '{file}' is missing");
            return (null, null);
        }
        var actual = BankFolder.Sha256OfFile(path);
        if (!string.Equals(actual, manifest.BaseModel.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"base model '{file}' has changed: its SHA-256 is {actual}, but {BankFolder.ManifestFileName} records {manifest.BaseModel.Sha256}");
            return (null, path);
        }
        try
        {
            return (OnnxModel.Load(path), path);
        }
        catch (OnnxFormatException e)
        {
            problems.Add($"base model '{file}' cannot be read: {e.Message}");
            return (null, path);
        }
    }

    private static TaskVectorInfo? CheckTaskVector(string directory, BankTaskVectorRecord record, OnnxModel? baseModel, List<string> problems)
    {
        int before = problems.Count;
        var label = $"task vector '{record.Name}'";
        if (BankNames.Problem(record.Name) is { } nameProblem) problems.Add(nameProblem);
        if (!BankNames.TryParseKind(record.Kind, out var kind)) problems.Add($"{label}: kind '{record.Kind}' is not 'full' or 'lora'");
        if (!BankNames.TryParseDType(record.DType, out var dtype)) problems.Add($"{label}: dtype '{record.DType}' is not f32, f16 or bf16");
        if (!BankNames.TryParseUtc(record.CreatedUtc, out var created)) problems.Add($"{label}: created_utc '{record.CreatedUtc}' is not an ISO-8601 time");
        foreach (var (block, norm) in record.BlockNorms)
        {
            if (!double.IsFinite(norm) || norm < 0) problems.Add($"{label}: block '{block}' has norm {norm}, not a finite non-negative number");
        }
        if (!BankFolder.IsPlainFileName(record.File))
        {
            problems.Add($"{label}: file '{record.File}' must be a plain file name inside the bank folder");
            return null;
        }
        var path = Path.Combine(directory, record.File);
        if (!File.Exists(path))
        {
            problems.Add($"{label}: file '{record.File}' is missing");
            return null;
        }
        if (problems.Count > before || baseModel is null) return null;
        List<string> blockNames;
        try
        {
            using var file = SafetensorsFile.Open(path);
            blockNames = kind == TaskVectorKind.Lora
                ? TaskVectorLayout.CheckLora(file, baseModel, dtype, label, problems)
                : TaskVectorLayout.CheckFull(file, baseModel, dtype, label, problems);
        }
        catch (SafetensorsFormatException e)
        {
            problems.Add($"{label}: {e.Message}");
            return null;
        }
        var recorded = record.BlockNorms.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var missing in blockNames.Where(b => !recorded.Contains(b)))
            problems.Add($"{label}: block '{missing}' is stored but has no norm in block_norms");
        foreach (var extra in recorded.Where(b => !blockNames.Contains(b)))
            problems.Add($"{label}: block_norms lists '{extra}', which the file does not store");
        if (problems.Count > before) return null;
        var blocks = baseModel.Initializers.Where(i => recorded.Contains(i.Name))
            .Select(i => new TaskVectorBlock(i.Name, i.Shape, record.BlockNorms[i.Name])).ToArray();
        return new TaskVectorInfo(record.Name, kind, dtype, record.File, record.Provenance.Source, record.Provenance.Description,
            created, blocks, new FileInfo(path).Length);
    }
}
