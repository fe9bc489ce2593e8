using Atlas.Engine.Onnx;

namespace Atlas.Engine.Bank;

/// <summary>The outcome of checking a bank folder: what could be read, and every problem found.</summary>
internal sealed record BankValidation(
    string Directory,
    BankManifest? Manifest,
    OnnxModel? BaseModel,
    string? BaseModelPath,
    IReadOnlyList<TaskVectorInfo> TaskVectors,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Throws a <see cref="TaskVectorBankException"/> listing every problem, if there is any.</summary>
    public void ThrowIfInvalid()
    {
        if (Problems.Count == 0) return;
        throw new TaskVectorBankException(
            $"Bank '{Directory}' is not valid ({Problems.Count} problem{(Problems.Count == 1 ? "" : "s")}):" +
            string.Concat(Problems.Select(p => Environment.NewLine + "  - " + p)));
    }
}
