namespace Atlas.Engine.Safetensors;

/// <summary>
/// A safetensors file that breaks the format's rules or cannot be used as asked: a truncated file, a header that lies
/// about offsets or sizes, an unsupported element type. The message names the file, the tensor (where one is
/// involved) and what is wrong.
/// </summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException(string message) : base(message) { }

    public SafetensorsFormatException(string message, Exception innerException) : base(message, innerException) { }
}
