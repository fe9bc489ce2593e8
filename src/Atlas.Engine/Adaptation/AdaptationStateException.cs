namespace Atlas.Engine.Adaptation;

/// <summary>The adaptation state directory cannot be read or written: its index is damaged or a file operation failed.</summary>
public sealed class AdaptationStateException : Exception
{
    /// <summary>Creates the exception with a message naming the file and what is wrong with it.</summary>
    public AdaptationStateException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the underlying I/O or format error.</summary>
    public AdaptationStateException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a failed file operation in <paramref name="path"/>, wrapping the operating system's error.</summary>
    public AdaptationStateException(string message, string path, Exception innerException) : base(message, innerException) => Path = path;

    /// <summary>The file or folder the failed operation concerned, when known; reported in events so an operator can find it.</summary>
    public string? Path { get; }
}
