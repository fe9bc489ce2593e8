namespace Atlas.Agent.Commands;

/// <summary>The answer to a command: success with a result object, or failure with an error message.</summary>
internal sealed record CommandResult(bool Ok, object? Result, string? Error)
{
    public static CommandResult Success(object? result) => new(true, result, null);

    public static CommandResult Failure(string error) => new(false, null, error);
}
