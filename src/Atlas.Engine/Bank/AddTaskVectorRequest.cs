using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Bank;

/// <summary>Options for adding one task vector to a bank.</summary>
public sealed record AddTaskVectorRequest
{
    /// <summary>Unique, file-system-safe name: 1-64 of letters, digits, '_', '-', '.'; starts with a letter or digit.</summary>
    public required string Name { get; init; }

    /// <summary>What <see cref="SourcePath"/> holds.</summary>
    public required TaskVectorSourceKind Source { get; init; }

    /// <summary>The ONNX model or safetensors file to take the task vector from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Storage type on disk: F16 (default; halves the bank at no accuracy cost in the paper), BF16 or F32.</summary>
    public SafetensorsDType StorageType { get; init; } = SafetensorsDType.F16;

    /// <summary>Optional free text recorded in the provenance.</summary>
    public string? Description { get; init; }

    /// <summary>Throws a <see cref="TaskVectorBankException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (BankNames.Problem(Name ?? "") is { } nameProblem) problems.Add($"{nameof(Name)}: {nameProblem}");
        if (!Enum.IsDefined(Source)) problems.Add($"{nameof(Source)}: {Source} is not a source kind");
        if (string.IsNullOrWhiteSpace(SourcePath)) problems.Add($"{nameof(SourcePath)}: is empty");
        else if (!File.Exists(SourcePath)) problems.Add($"{nameof(SourcePath)}: file '{SourcePath}' does not exist");
        if (StorageType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
            problems.Add($"{nameof(StorageType)}: {StorageType} is not F32, F16 or BF16");
        if (problems.Count > 0)
            throw new TaskVectorBankException("Invalid request to add a task vector:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
    }
}
