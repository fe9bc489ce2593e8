namespace Atlas.Engine.Inference;

/// <summary>
/// A model cannot be published or served: an override that does not fit the model (name, shape, type, value),
/// an unavailable execution provider in strict mode, an unsupported input signature, or no model published yet.
/// The message names the initializer, input or provider and the expected versus actual values.
/// </summary>
public sealed class InferenceException : Exception
{
    public InferenceException(string message) : base(message) { }

    public InferenceException(string message, Exception innerException) : base(message, innerException) { }
}
