using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Training;

/// <summary>
/// Puts a fine-tuned model into a task-vector bank (τ = θ − θ0): creates the bank with the base model when the folder
/// holds none, and otherwise refuses a bank whose base is not the model that was fine-tuned, since the task vector
/// would then be measured from the wrong θ0.
/// </summary>
public static class BankPublisher
{
    /// <summary>Adds <paramref name="fineTunedPath"/> to the bank in <paramref name="bankDirectory"/> as <paramref name="name"/>.</summary>
    /// <param name="bankDirectory">The bank folder; created with <paramref name="baseModelPath"/> as its base when it holds no bank.</param>
    /// <param name="baseModelPath">The model that was fine-tuned.</param>
    /// <param name="fineTunedPath">The fine-tuned ONNX model (same graph as the base).</param>
    /// <param name="name">The task vector's name in the bank.</param>
    /// <param name="description">Optional provenance text (e.g. the data and condition it was trained on).</param>
    /// <param name="storageType">On-disk type of the task vector; F16 by default (halves the bank, no accuracy cost).</param>
    /// <exception cref="TrainingException">The bank's base differs from <paramref name="baseModelPath"/>.</exception>
    /// <exception cref="TaskVectorBankException">The bank cannot be created or changed (e.g. the name is taken).</exception>
    public static TaskVectorAddResult Add(string bankDirectory, string baseModelPath, string fineTunedPath, string name,
        string? description = null, SafetensorsDType storageType = SafetensorsDType.F16)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bankDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseModelPath);
        var editor = File.Exists(Path.Combine(bankDirectory, "bank.json"))
            ? new TaskVectorBankEditor(bankDirectory)
            : TaskVectorBankEditor.Create(bankDirectory, baseModelPath);
        var bank = TaskVectorBank.Open(bankDirectory);
        var mismatch = FirstDifference(bank.BaseModel, OnnxModel.Load(baseModelPath));
        if (mismatch is not null)
        {
            throw new TrainingException(
                $"Bank '{bank.Directory}' was built on another base model than '{baseModelPath}' ({mismatch}); " +
                "a task vector is only meaningful relative to the model that was fine-tuned.");
        }
        return editor.Add(new AddTaskVectorRequest
        {
            Name = name,
            Source = TaskVectorSourceKind.FineTunedModel,
            SourcePath = fineTunedPath,
            StorageType = storageType,
            Description = description,
        });
    }

    /// <summary>The first float initializer that differs in name, shape or value, or null when the weights are equal.</summary>
    private static string? FirstDifference(OnnxModel bankBase, OnnxModel model)
    {
        var expected = bankBase.Initializers.Where(i => i.IsFloatingPoint).ToArray();
        var actual = model.Initializers.Where(i => i.IsFloatingPoint).ToDictionary(i => i.Name, StringComparer.Ordinal);
        if (expected.Length != actual.Count) return $"{expected.Length} float initializers in the bank's base, {actual.Count} in the model";
        foreach (var info in expected)
        {
            if (!actual.TryGetValue(info.Name, out var other)) return $"initializer '{info.Name}' is missing from the model";
            if (!info.Shape.SequenceEqual(other.Shape)) return $"initializer '{info.Name}' has shape {other.ShapeText}, the bank's base has {info.ShapeText}";
            if (!bankBase.ReadFloatInitializer(info.Name).AsSpan().SequenceEqual(model.ReadFloatInitializer(info.Name)))
                return $"initializer '{info.Name}' has other values";
        }
        return null;
    }
}
