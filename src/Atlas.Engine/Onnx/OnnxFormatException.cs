namespace Atlas.Engine.Onnx;

/// <summary>
/// An ONNX file or graph that cannot be read or used as asked: a corrupt file, a missing initializer, an
/// unsupported data type. The message names the file or tensor and what is wrong.
/// </summary>
public sealed class OnnxFormatException : Exception
{
    public OnnxFormatException(string message) : base(message) { }

    public OnnxFormatException(string message, Exception innerException) : base(message, innerException) { }
}
