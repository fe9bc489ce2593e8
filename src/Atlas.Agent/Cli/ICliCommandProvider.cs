using System.CommandLine;

namespace Atlas.Agent.Cli;

/// <summary>
/// Contributes one top-level command (with its sub-commands) to the <c>atlas</c> command line.
/// Implementations are discovered by reflection in <see cref="CliApplication"/>: adding a command means adding a
/// class, never editing a central switch.
/// </summary>
internal interface ICliCommandProvider
{
    /// <summary>Builds the command. Called once per process.</summary>
    Command Create();
}
