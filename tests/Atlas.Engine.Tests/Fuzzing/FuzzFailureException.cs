namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>A fuzz input made the code under test crash, hang or allocate past its limit; the message says how to replay it.</summary>
public sealed class FuzzFailureException : Exception
{
    public FuzzFailureException(string message) : base(message) { }

    public FuzzFailureException(string message, Exception innerException) : base(message, innerException) { }

    public FuzzFailureException() { }
}
