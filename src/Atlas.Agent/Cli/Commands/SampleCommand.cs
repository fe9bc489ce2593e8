using System.CommandLine;

namespace Atlas.Agent.Cli.Commands;

/// <summary><c>atlas sample</c>: build the shipped Fashion-MNIST camera sample and report its accuracies.</summary>
internal sealed class SampleCommand : ICliCommandProvider
{
    public Command Create()
    {
        var command = new Command("sample", "Build the shipped Fashion-MNIST camera sample (base, experts, bank, test subset) and write docs/results.md.");
        command.Subcommands.Add(new SampleBuildCommand().Create());
        command.Subcommands.Add(new SampleReportCommand().Create());
        return command;
    }
}
