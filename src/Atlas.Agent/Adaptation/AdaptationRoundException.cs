namespace Atlas.Agent.Adaptation;

/// <summary>An adaptation round could not run or produced nothing to judge; the message names the counts or the bank.</summary>
public sealed class AdaptationRoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdaptationRoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public AdaptationRoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AdaptationRoundException(string message, Exception innerException) : base(message, innerException) { }
}
