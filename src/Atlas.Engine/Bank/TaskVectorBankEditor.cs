using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atlas.Engine.Bank;

/// <summary>
/// Creates banks and adds or removes task vectors. Every change is atomic: new files are written under temporary names
/// and renamed, and bank.json is replaced last (temporary file + rename), so a crash at any point leaves the previous
/// bank readable. Temporary files an interrupted change left behind are removed when an editor is constructed.
/// One writer at a time: concurrent editors on the same folder are not coordinated.
/// </summary>
public sealed class TaskVectorBankEditor
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Opens a bank folder for changes and removes leftovers of interrupted writes.</summary>
    /// <param name="directory">The bank folder.</param>
    /// <param name="time">Clock for creation times (tests pass a fake one); the system clock by default.</param>
    /// <param name="logger">Receives one event per change; none by default.</param>
    public TaskVectorBankEditor(string directory, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        RemovedTemporaryFiles = BankFolder.RemoveTemporaryFiles(Directory);
        if (RemovedTemporaryFiles.Count > 0)
            BankLog.TemporaryFilesRemoved(_logger, RemovedTemporaryFiles.Count, Directory, string.Join(", ", RemovedTemporaryFiles));
    }

    /// <summary>The bank folder.</summary>
    public string Directory { get; }

    /// <summary>Temporary files from an interrupted write that the constructor removed.</summary>
    public IReadOnlyList<string> RemovedTemporaryFiles { get; }

    /// <summary>Test hook: called with a stage name between the steps of a change, to simulate a crash there.</summary>
    internal Action<string>? FaultHook { get; set; }

    /// <summary>
    /// Creates a bank in <paramref name="directory"/> (created if needed, must not already hold a bank) with a copy of
    /// the base model. External data is inlined so the bank folder stands alone.
    /// </summary>
    public static TaskVectorBankEditor Create(string directory, string baseModelPath, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseModelPath);
        var full = Path.GetFullPath(directory);
        if (File.Exists(BankFolder.ManifestPath(full)))
            throw new TaskVectorBankException($"'{full}' already holds a bank ({BankFolder.ManifestFileName} exists).");
        OnnxModel model;
        try
        {
            model = OnnxModel.Load(baseModelPath);
        }
        catch (OnnxFormatException e)
        {
            throw new TaskVectorBankException($"Base model '{baseModelPath}' cannot be read: {e.Message}", e);
        }
        System.IO.Directory.CreateDirectory(full);
        var editor = new TaskVectorBankEditor(full, time, logger);
        var fileName = Path.GetFileName(baseModelPath);
        if (!fileName.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) fileName += ".onnx";
        var target = Path.Combine(full, fileName);
        if (!string.Equals(Path.GetFullPath(baseModelPath), target, StringComparison.Ordinal))
            model.Save(target);
        var manifest = new BankManifest
        {
            Format = BankManifest.FormatName,
            FormatVersion = BankManifest.CurrentVersion,
            BaseModel = new BankBaseModelRecord { File = fileName, Sha256 = BankFolder.Sha256OfFile(target) },
            TaskVectors = [],
        };
        BankManifestStore.Commit(full, BankManifestStore.WriteTemporary(full, manifest));
        BankLog.BankCreated(editor._logger, full, fileName, manifest.BaseModel.Sha256);
        return editor;
    }

    /// <summary>
    /// Computes a task vector from the request's source and stores it. Blocks whose delta is zero everywhere (after
    /// rounding to the storage type) are dropped; a task vector that changes nothing is an error.
    /// </summary>
    public TaskVectorAddResult Add(AddTaskVectorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var validation = OpenValid();
        var manifest = validation.Manifest!;
        if (manifest.TaskVectors.Any(t => string.Equals(t.Name, request.Name, StringComparison.OrdinalIgnoreCase)))
            throw new TaskVectorBankException($"Bank '{Directory}' already has a task vector named '{request.Name}' (names are compared ignoring case); remove it first.");
        var extracted = DeltaExtractor.Extract(validation.BaseModel!, request);
        if (extracted.Tensors.Count == 0)
            throw new TaskVectorBankException($"Task vector '{request.Name}' from '{request.SourcePath}' is zero everywhere; nothing to store.");

        var fileName = BankNames.FileNameFor(request.Name);
        var finalPath = Path.Combine(Directory, fileName);
        var temporaryTensorFile = BankFolder.TemporaryPathFor(finalPath);
        SafetensorsWriter.Write(temporaryTensorFile, extracted.Tensors, extracted.Metadata);
        FaultHook?.Invoke("tensor-file-written");
        var record = new BankTaskVectorRecord
        {
            Name = request.Name,
            Kind = BankNames.KindText(extracted.Kind),
            DType = BankNames.DTypeText(request.StorageType),
            File = fileName,
            Provenance = new BankProvenanceRecord { Source = Path.GetFileName(request.SourcePath), Description = request.Description },
            CreatedUtc = BankNames.FormatUtc(_time.GetUtcNow()),
            BlockNorms = extracted.BlockNorms,
        };
        var updated = new BankManifest
        {
            Format = manifest.Format,
            FormatVersion = manifest.FormatVersion,
            BaseModel = manifest.BaseModel,
            TaskVectors = [.. manifest.TaskVectors, record],
        };
        var temporaryManifest = BankManifestStore.WriteTemporary(Directory, updated);
        FaultHook?.Invoke("manifest-written");
        File.Move(temporaryTensorFile, finalPath, overwrite: true);
        FaultHook?.Invoke("tensor-file-renamed");
        BankManifestStore.Commit(Directory, temporaryManifest);
        var info = TaskVectorBank.Open(Directory).GetTaskVector(request.Name);
        BankLog.TaskVectorAdded(_logger, info.Name, record.Kind, record.DType, Directory, info.Blocks.Count, info.BytesOnDisk);
        return new TaskVectorAddResult(info, extracted.Unchanged);
    }

    /// <summary>Removes a task vector: bank.json is replaced first, then its file is deleted.</summary>
    public void Remove(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var manifest = BankManifestStore.Read(Directory);
        var record = manifest.TaskVectors.FirstOrDefault(t => t.Name == name)
            ?? throw new TaskVectorBankException($"Bank '{Directory}' has no task vector named '{name}' (it has: {string.Join(", ", manifest.TaskVectors.Select(t => t.Name))}).");
        var updated = new BankManifest
        {
            Format = manifest.Format,
            FormatVersion = manifest.FormatVersion,
            BaseModel = manifest.BaseModel,
            TaskVectors = [.. manifest.TaskVectors.Where(t => t != record)],
        };
        var temporary = BankManifestStore.WriteTemporary(Directory, updated);
        FaultHook?.Invoke("manifest-written");
        BankManifestStore.Commit(Directory, temporary);
        if (BankFolder.IsPlainFileName(record.File) && !manifest.TaskVectors.Any(t => t != record && t.File == record.File))
            File.Delete(Path.Combine(Directory, record.File));
        BankLog.TaskVectorRemoved(_logger, name, Directory);
    }

    private BankValidation OpenValid()
    {
        var validation = BankValidator.Validate(Directory);
        validation.ThrowIfInvalid();
        return validation;
    }
}
