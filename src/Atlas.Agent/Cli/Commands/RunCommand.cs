using System.CommandLine;

namespace Atlas.Agent.Cli.Commands;

/// <summary><c>atlas run</c>: the long-running agent. Placeholder until the agent issue lands.</summary>
internal sealed class RunCommand : ICliCommandProvider
{
    public Command Create()
    {
        var command = new Command("run", "Run the agent: serve camera frames over MQTT and adapt in the background.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("atlas run: the agent service is not built yet (see the agent issue).");
            return 3;
        });
        return command;
    }
}
