namespace Atlas.Engine.Training;

/// <summary>
/// A fine-tuning run that cannot start or finish: unlabeled data, a model whose input or output does not fit the data,
/// nothing learnable, a failed optimisation, or a bank whose base is not the model that was fine-tuned. Messages name
/// the model, tensor, file and the expected and actual values.
/// </summary>
public sealed class TrainingException : Exception
{
    /// <summary>Creates an exception with no message (serialization and tooling only).</summary>
    public TrainingException()
    {
    }

    /// <summary>Creates an exception whose message names the item and the values involved.</summary>
    public TrainingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that keeps the error behind it.</summary>
    public TrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
