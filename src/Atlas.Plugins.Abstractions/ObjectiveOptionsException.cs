namespace Atlas.Plugins;

/// <summary>
/// Thrown by <see cref="IObjective.Configure"/> when options are invalid. It lists every bad option at once (not just
/// the first), each message naming the option, the value given and the valid range, so one edit fixes the config.
/// </summary>
public sealed class ObjectiveOptionsException : Exception
{
    /// <summary>Creates the exception for <paramref name="objectiveName"/> with one message per bad option.</summary>
    public ObjectiveOptionsException(string objectiveName, IReadOnlyList<string> errors)
        : base(FormatMessage(objectiveName, errors))
    {
        ObjectiveName = objectiveName;
        Errors = errors;
    }

    /// <summary>Creates the exception with a single message (for serializers and tools).</summary>
    public ObjectiveOptionsException() : this("unknown", []) { }

    /// <summary>Creates the exception with a single message.</summary>
    public ObjectiveOptionsException(string message) : base(message)
    {
        ObjectiveName = "unknown";
        Errors = [message];
    }

    /// <summary>Creates the exception with a single message and its cause.</summary>
    public ObjectiveOptionsException(string message, Exception innerException) : base(message, innerException)
    {
        ObjectiveName = "unknown";
        Errors = [message];
    }

    /// <summary>The objective whose options were rejected.</summary>
    public string ObjectiveName { get; }

    /// <summary>One message per bad option.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(string objectiveName, IReadOnlyList<string> errors) =>
        $"Invalid options for objective '{objectiveName}': " + string.Join("; ", errors);
}
