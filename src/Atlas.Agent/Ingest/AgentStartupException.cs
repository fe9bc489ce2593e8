namespace Atlas.Agent.Ingest;

/// <summary>
/// The agent cannot start with its configuration: the model file is missing or is not an image classifier the
/// agent can serve. The message says what is wrong and how to fix it; <c>atlas run</c> prints it and exits.
/// </summary>
public sealed class AgentStartupException : Exception
{
    public AgentStartupException(string message) : base(message)
    {
    }

    public AgentStartupException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public AgentStartupException()
    {
    }
}
