using Atlas.Engine.Composition;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Bank;

/// <summary>
/// A task-vector bank opened for composition: the base model, what each task vector is, a hash that identifies the
/// bank's content (saved with learned coefficients so they are never applied to another bank), and loading of task
/// vectors as f32 tensors keyed by initializer name.
/// </summary>
/// <remarks>
/// <see cref="Open"/> validates the bank as <c>atlas bank verify</c> does (base-model hash, files, tensor names and
/// shapes against the base) and throws a <see cref="TaskVectorBankException"/> listing every problem. Temporary files
/// left by an interrupted write are ignored. The bank holds no native resources; the tensors belong to the
/// <see cref="TaskVectorSet"/> that <see cref="LoadTaskVectors"/> returns.
/// </remarks>
public sealed class TaskVectorBank
{
    private readonly Dictionary<string, TaskVectorInfo> _byName;

    private TaskVectorBank(string directory, OnnxModel baseModel, string baseModelPath, string baseModelSha256, string hash, IReadOnlyList<TaskVectorInfo> taskVectors)
    {
        Directory = directory;
        BaseModelSha256 = baseModelSha256;
        BaseModel = baseModel;
        BaseModelPath = baseModelPath;
        Hash = hash;
        TaskVectors = taskVectors;
        _byName = taskVectors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The bank folder.</summary>
    public string Directory { get; }

    /// <summary>The base model θ0.</summary>
    public OnnxModel BaseModel { get; }

    /// <summary>Path of the base model file inside the bank folder.</summary>
    public string BaseModelPath { get; }

    /// <summary>SHA-256 (lower-case hex) of the base model file, as recorded in bank.json and checked on open.</summary>
    public string BaseModelSha256 { get; }

    /// <summary>
    /// <c>sha256:</c> and the hex SHA-256 of bank.json's canonical content: equal hashes mean the same base model and
    /// task vectors. Coefficient files record it (<see cref="CoefficientSet.BankHash"/>).
    /// </summary>
    public string Hash { get; }

    /// <summary>Every task vector, in bank order.</summary>
    public IReadOnlyList<TaskVectorInfo> TaskVectors { get; }

    /// <summary>Task-vector names, in bank order.</summary>
    public IReadOnlyList<string> TaskVectorNames => [.. TaskVectors.Select(t => t.Name)];

    /// <summary>Opens and validates a bank folder.</summary>
    public static TaskVectorBank Open(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var validation = BankValidator.Validate(Path.GetFullPath(directory));
        validation.ThrowIfInvalid();
        return new TaskVectorBank(validation.Directory, validation.BaseModel!, validation.BaseModelPath!,
            validation.Manifest!.BaseModel.Sha256.ToLowerInvariant(), "sha256:" + BankManifestStore.CanonicalHash(validation.Manifest!), validation.TaskVectors);
    }

    /// <summary>What bank.json says about one task vector; throws naming it when absent.</summary>
    public TaskVectorInfo GetTaskVector(string name) =>
        _byName.TryGetValue(name, out var info) ? info
            : throw new TaskVectorBankException($"Bank '{Directory}' has no task vector named '{name}' (it has: {string.Join(", ", _byName.Keys)}).");

    /// <summary>
    /// Loads task vectors as dense f32 tensors. <paramref name="include"/> null means every task vector;
    /// <paramref name="exclude"/> removes names (e.g. the target task's own vector in few-shot or TTA). Unknown names
    /// in either list are an error. The caller disposes the returned set.
    /// </summary>
    public TaskVectorSet LoadTaskVectors(IEnumerable<string>? include = null, IEnumerable<string>? exclude = null)
    {
        var includeSet = include?.ToHashSet(StringComparer.Ordinal);
        var excludeSet = exclude?.ToHashSet(StringComparer.Ordinal) ?? [];
        var unknown = (includeSet ?? []).Concat(excludeSet).Where(n => !_byName.ContainsKey(n)).Distinct().ToArray();
        if (unknown.Length > 0)
            throw new TaskVectorBankException($"Bank '{Directory}' has no task vector named {string.Join(", ", unknown.Select(n => $"'{n}'"))} (it has: {string.Join(", ", _byName.Keys)}).");
        var selected = TaskVectors.Where(t => (includeSet is null || includeSet.Contains(t.Name)) && !excludeSet.Contains(t.Name)).ToArray();
        var loaded = new List<LoadedTaskVector>();
        try
        {
            foreach (var info in selected)
                loaded.Add(new LoadedTaskVector(info, TaskVectorReader.ReadDense(Directory, info)));
        }
        catch
        {
            new TaskVectorSet(loaded, []).Dispose();
            throw;
        }
        var changed = selected.SelectMany(t => t.Blocks).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var blocks = BaseModel.Initializers.Where(i => changed.Contains(i.Name)).Select(i => new ComposableBlock(i.Name, i.Shape)).ToArray();
        return new TaskVectorSet(loaded, blocks);
    }
}
