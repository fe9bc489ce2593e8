namespace Atlas.Engine.Bank;

/// <summary>
/// A task-vector bank that cannot be opened, changed or used as asked: a missing or changed base model, a tensor name
/// the base model lacks, a wrong shape, a duplicate task-vector name, a structural mismatch between a fine-tuned model
/// and the base. The message names the bank folder, the task vector, the tensor and the values involved.
/// </summary>
public sealed class TaskVectorBankException : Exception
{
    public TaskVectorBankException(string message) : base(message) { }

    public TaskVectorBankException(string message, Exception innerException) : base(message, innerException) { }
}
