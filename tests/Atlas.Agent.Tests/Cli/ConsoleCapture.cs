namespace Atlas.Agent.Tests.Cli;

/// <summary>Redirects Console.Out and Console.Error while alive. Tests that use it belong to the "Console" collection.</summary>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly StringWriter _capturedOut = new();
    private readonly StringWriter _capturedError = new();

    public ConsoleCapture()
    {
        Console.SetOut(_capturedOut);
        Console.SetError(_capturedError);
    }

    public string Out => _capturedOut.ToString();

    public string Error => _capturedError.ToString();

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }
}

/// <summary>Serialises tests that redirect the process-wide console.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleTestGroup;
