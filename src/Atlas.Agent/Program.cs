using Atlas.Agent.Cli;

// `atlas` entry point: every command is contributed by an ICliCommandProvider (see Cli/).
// `atlas --help` lists them and `atlas --version` prints the version (both built into System.CommandLine).
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await CliApplication.RunAsync(args, cancellation.Token).ConfigureAwait(false);
