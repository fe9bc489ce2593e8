using System.CommandLine;
using Atlas.Agent.Mqtt.Access;

namespace Atlas.Agent.Cli.Commands;

/// <summary><c>atlas broker hash-password</c>: prints a password hash for <c>Mqtt:Auth:Users:N:PasswordHash</c>.</summary>
internal sealed class BrokerCommand : ICliCommandProvider
{
    public Command Create()
    {
        var command = new Command("broker", "Tools for the embedded MQTT broker's access control.");
        command.Subcommands.Add(CreateHashPassword());
        return command;
    }

    private static Command CreateHashPassword()
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = "PBKDF2-SHA256 iterations.",
            DefaultValueFactory = _ => PasswordHasher.DefaultIterations,
        };
        var command = new Command(
            "hash-password",
            "Read a password from the first line of standard input (never an argument, which shells and process lists keep) and print its PBKDF2-SHA256 hash.")
        {
            iterations,
        };
        command.SetAction(parseResult =>
        {
            var count = parseResult.GetValue(iterations);
            if (count < 1)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"atlas: --iterations must be at least 1 (was {count})");
                return CliOutput.UsageError;
            }
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                parseResult.InvocationConfiguration.Error.WriteLine("atlas: no password on standard input (pipe it in: echo -n ... | atlas broker hash-password)");
                return CliOutput.UsageError;
            }
            parseResult.InvocationConfiguration.Output.WriteLine(PasswordHasher.Hash(password, count));
            return 0;
        });
        return command;
    }
}
