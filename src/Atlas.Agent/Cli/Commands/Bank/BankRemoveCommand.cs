using System.CommandLine;
using Atlas.Engine.Bank;

namespace Atlas.Agent.Cli.Commands.Bank;

/// <summary><c>atlas bank remove &lt;dir&gt; --name &lt;n&gt;</c>.</summary>
internal static class BankRemoveCommand
{
    public static Command Create()
    {
        var directory = BankCliShared.DirectoryArgument();
        var name = new Option<string>("--name") { Description = "The task vector to remove.", Required = true };
        var command = new Command("remove", "Remove a task vector from a bank.") { directory, name };
        command.SetAction(parse => BankCliShared.Run(() =>
        {
            new TaskVectorBankEditor(parse.GetValue(directory)!).Remove(parse.GetValue(name)!);
            parse.InvocationConfiguration.Output.WriteLine($"Removed task vector '{parse.GetValue(name)}'.");
            return 0;
        }));
        return command;
    }
}
