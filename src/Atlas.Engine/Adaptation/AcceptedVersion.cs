namespace Atlas.Engine.Adaptation;

/// <summary>One entry of the accepted-coefficients index: which version, for which bank, accepted when.</summary>
/// <param name="Version">Increasing version number; its file is <c>coefficients/&lt;version:D6&gt;.json</c>.</param>
/// <param name="BankHash">Hash of the task-vector bank the coefficients were learned on.</param>
/// <param name="AcceptedAt">When the candidate was accepted (from the store's time provider).</param>
public sealed record AcceptedVersion(int Version, string BankHash, DateTimeOffset AcceptedAt)
{
    /// <summary>The version's file name inside the <c>coefficients</c> folder.</summary>
    public string FileName => $"{Version:D6}.json";
}
