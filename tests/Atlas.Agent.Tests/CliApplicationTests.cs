using Atlas.Agent.Cli;

namespace Atlas.Agent.Tests;

public class CliApplicationTests
{
    [Fact]
    public void RootCommand_ListsDiscoveredCommands()
    {
        var root = CliApplication.BuildRootCommand();
        Assert.Contains(root.Subcommands, c => c.Name == "run");
    }

    [Fact]
    public async Task Help_ExitsZero()
    {
        var exit = await CliApplication.RunAsync(["--help"]);
        Assert.Equal(0, exit);
    }
}
