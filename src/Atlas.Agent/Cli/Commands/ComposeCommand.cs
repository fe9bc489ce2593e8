using System.CommandLine;
using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;

namespace Atlas.Agent.Cli.Commands;

/// <summary><c>atlas compose</c>: bakes a bank and its learned coefficients into a standalone ONNX model.</summary>
internal sealed class ComposeCommand : ICliCommandProvider
{
    private readonly Option<string> _bank = new("--bank") { Description = "The task-vector bank folder.", Required = true };

    private readonly Option<FileInfo> _coefficients = new("--coefficients") { Description = "A coefficient file learned on this bank.", Required = true };

    private readonly Option<FileInfo> _out = new("--out") { Description = "The composed ONNX model to write.", Required = true };

    public Command Create()
    {
        var command = new Command("compose", "Write θ0 + Σλτ as a standalone ONNX model (same graph as the base, composed initializers).");
        command.Options.Add(_bank);
        command.Options.Add(_coefficients);
        command.Options.Add(_out);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var bank = TaskVectorBank.Open(parse.GetValue(_bank)!);
                var coefficients = CoefficientFile.Read(parse.GetValue(_coefficients)!.FullName);
                var weights = BankCoefficients.Compose(bank, coefficients);
                var outPath = parse.GetValue(_out)!.FullName;
                ComposedModelWriter.Write(bank.BaseModel, weights, outPath);
                output.WriteLine($"wrote {outPath}: {weights.Count} composed blocks from {coefficients.TaskVectors.Count} task vectors ({coefficients.Granularity})");
                return 0;
            }
            catch (Exception e) when (e is CompositionException or TaskVectorBankException or OnnxFormatException or IOException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"atlas compose: {e.Message}");
                return CliOutput.UsageError;
            }
        });
        return command;
    }
}
