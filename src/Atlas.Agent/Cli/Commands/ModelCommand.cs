using System.CommandLine;

namespace Atlas.Agent.Cli.Commands;

/// <summary><c>atlas model</c>: look inside an ONNX model and check that the engine runs it correctly.</summary>
internal sealed class ModelCommand : ICliCommandProvider
{
    public Command Create()
    {
        var command = new Command("model", "Inspect an ONNX model or verify the engine's executor against ONNX Runtime.");
        command.Subcommands.Add(ModelInspectCommand.Create());
        command.Subcommands.Add(ModelVerifyCommand.Create());
        return command;
    }
}
