namespace Atlas.Agent.Commands;

/// <summary>
/// One command the agent answers on <c>cmd/&lt;Name&gt;</c>. Register an implementation in DI to add a command;
/// the <see cref="CommandDispatcher"/> finds it by name.
/// </summary>
internal interface ICommandHandler
{
    /// <summary>The command name (one topic level).</summary>
    string Name { get; }

    /// <summary>Runs the command. Throwing is answered as a failure naming the exception.</summary>
    Task<CommandResult> ExecuteAsync(CommandRequest request, CancellationToken cancellationToken);
}
