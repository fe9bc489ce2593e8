namespace Atlas.Engine.Imaging;

/// <summary>
/// A camera frame could not be turned into a model input: unsupported or corrupt image bytes, a payload or image
/// dimension past a configured limit, or a raw tensor whose shape does not match the model. The message names the
/// frame's problem and the values involved; the serving loop counts it and moves on.
/// </summary>
public sealed class FrameDecodeException : Exception
{
    public FrameDecodeException(string message) : base(message)
    {
    }

    public FrameDecodeException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public FrameDecodeException()
    {
    }
}
