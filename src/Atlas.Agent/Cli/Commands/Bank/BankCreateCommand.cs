using System.CommandLine;
using Atlas.Engine.Bank;

namespace Atlas.Agent.Cli.Commands.Bank;

/// <summary><c>atlas bank create &lt;dir&gt; --base &lt;model.onnx&gt;</c>.</summary>
internal static class BankCreateCommand
{
    public static Command Create()
    {
        var directory = BankCliShared.DirectoryArgument();
        var baseModel = new Option<string>("--base") { Description = "The base ONNX model (copied into the bank folder).", Required = true };
        var command = new Command("create", "Create a bank holding a copy of the base model and no task vectors.") { directory, baseModel };
        command.SetAction(parse => BankCliShared.Run(() =>
        {
            var dir = parse.GetValue(directory)!;
            TaskVectorBankEditor.Create(dir, parse.GetValue(baseModel)!);
            var bank = TaskVectorBank.Open(dir);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"Created bank '{bank.Directory}' with base model '{Path.GetFileName(bank.BaseModelPath)}' (SHA-256 {bank.BaseModelSha256}).");
            output.WriteLine($"Float initializers that task vectors can change: {bank.BaseModel.Initializers.Count(i => i.IsFloatingPoint)}.");
            return 0;
        }));
        return command;
    }
}
