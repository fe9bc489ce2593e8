namespace Atlas.Agent.Cli;

/// <summary>Shared helpers for command output: errors go to stderr with a non-zero exit code.</summary>
internal static class CliOutput
{
    /// <summary>Exit code for a failure the user can fix (bad input, missing file).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a check that ran and failed (e.g. <c>model verify</c> printing FAIL).</summary>
    public const int CheckFailed = 1;

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"atlas: {message}");
        return UsageError;
    }
}
