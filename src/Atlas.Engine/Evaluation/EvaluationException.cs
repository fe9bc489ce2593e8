namespace Atlas.Engine.Evaluation;

/// <summary>
/// A model and a dataset that cannot be evaluated together: an input or output shape or type that does not fit, or
/// labels outside the model's classes. Messages name the model tensor and the expected and actual values.
/// </summary>
public sealed class EvaluationException : Exception
{
    /// <summary>Creates an exception with no message (serialization and tooling only).</summary>
    public EvaluationException()
    {
    }

    /// <summary>Creates an exception whose message names the tensor and the mismatch.</summary>
    public EvaluationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that keeps the ONNX Runtime error behind it.</summary>
    public EvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
