using System.CommandLine;
using Atlas.Agent.Cli;

namespace Atlas.Agent.Tests.Cli;

/// <summary>Runs the <c>atlas</c> command line in-process and captures what it printed.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApplication.RunAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
