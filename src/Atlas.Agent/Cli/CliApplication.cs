using System.CommandLine;
using System.Reflection;

namespace Atlas.Agent.Cli;

/// <summary>Builds the <c>atlas</c> root command from every <see cref="ICliCommandProvider"/> in this assembly.</summary>
internal static class CliApplication
{
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            "Atlas: keeps a deployed vision model accurate as its camera's world changes, by composing task vectors " +
            "with learned anisotropic scaling (aTLAS).");
        foreach (var command in DiscoverCommands().OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        RunAsync(args, new InvocationConfiguration(), cancellationToken);

    /// <summary>Runs the command line with its output and error writers taken from <paramref name="configuration"/>
    /// (tests pass <see cref="StringWriter"/>s to read what a command printed).</summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand();
        var parseResult = root.Parse(args);
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<Command> DiscoverCommands() =>
        typeof(CliApplication).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliCommandProvider).IsAssignableFrom(t))
            .Select(t => (ICliCommandProvider)Activator.CreateInstance(t, nonPublic: true)!)
            .Select(p => p.Create());
}
