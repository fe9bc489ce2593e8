namespace Atlas.Engine.Bank;

/// <summary>The findings of <see cref="TaskVectorBankVerifier.Verify"/>.</summary>
/// <param name="Directory">The bank folder.</param>
/// <param name="Hash">The bank hash, when bank.json could be read.</param>
/// <param name="TaskVectorCount">Task vectors listed in bank.json.</param>
/// <param name="Problems">Everything that makes the bank unusable; empty when it is valid.</param>
/// <param name="Warnings">Things that do not stop the bank from working (leftover or unlisted files).</param>
public sealed record BankVerificationReport(string Directory, string? Hash, int TaskVectorCount, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary>The base model's SHA-256 that bank.json records, when it could be read: what a served model must match.</summary>
    public string? BaseModelSha256 { get; init; }

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;
}
