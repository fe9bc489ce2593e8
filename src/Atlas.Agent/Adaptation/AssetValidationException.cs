namespace Atlas.Agent.Adaptation;

/// <summary>
/// The model or bank on disk failed validation (at start or on <c>reload</c>): unreadable, damaged, or not matching each
/// other. The message lists every problem, each naming its file.
/// </summary>
public sealed class AssetValidationException : Exception
{
    public AssetValidationException(IReadOnlyList<string> problems)
        : base(string.Join("; ", problems ?? throw new ArgumentNullException(nameof(problems))))
    {
        Problems = problems;
    }

    public AssetValidationException() : this(Array.Empty<string>())
    {
    }

    public AssetValidationException(string message) : this([message])
    {
    }

    public AssetValidationException(string message, Exception innerException) : base(message, innerException) => Problems = [message];

    /// <summary>Every problem found, each naming its file.</summary>
    public IReadOnlyList<string> Problems { get; }
}
