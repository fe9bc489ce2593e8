namespace Atlas.Engine.Data;

/// <summary>
/// The one error type of the data layer: a data spec that cannot be parsed, or a file or folder that cannot be read as
/// images or labels. Messages name the spec or file, the offset or field and what was expected versus found, so that a
/// user can fix the input without a debugger.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates an exception with no message (serialization and tooling only).</summary>
    public DataFormatException()
    {
    }

    /// <summary>Creates an exception whose message names the input and what is wrong with it.</summary>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that keeps the lower-level cause (an I/O or decoder error).</summary>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
