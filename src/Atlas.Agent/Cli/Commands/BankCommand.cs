using System.CommandLine;
using Atlas.Agent.Cli.Commands.Bank;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas bank</c>: create a task-vector bank, add and remove task vectors, list, inspect and verify it
/// (format and semantics in docs/bank.md; the work is done by <c>Atlas.Engine.Bank</c>).
/// </summary>
internal sealed class BankCommand : ICliCommandProvider
{
    public Command Create()
    {
        var command = new Command("bank", "Manage task-vector banks: a base model plus task vectors (docs/bank.md).");
        command.Subcommands.Add(BankCreateCommand.Create());
        command.Subcommands.Add(BankAddCommand.Create());
        command.Subcommands.Add(BankListCommand.Create("list", "List the task vectors of a bank.", withBlocks: false));
        command.Subcommands.Add(BankListCommand.Create("inspect", "Show the base model, the bank hash, and every task vector's blocks and norms.", withBlocks: true));
        command.Subcommands.Add(BankRemoveCommand.Create());
        command.Subcommands.Add(BankVerifyCommand.Create());
        return command;
    }
}
