using System.CommandLine;
using Atlas.Engine.Bank;

namespace Atlas.Agent.Cli.Commands.Bank;

/// <summary><c>atlas bank add &lt;dir&gt; --name &lt;n&gt; (--finetuned | --weights | --delta | --lora) &lt;file&gt; [--dtype f16|bf16|f32]</c>.</summary>
internal static class BankAddCommand
{
    private static readonly string[] BlockHeader = ["BLOCK", "SHAPE", "L2 NORM"];

    public static Command Create()
    {
        var directory = BankCliShared.DirectoryArgument();
        var name = new Option<string>("--name") { Description = "Name of the task vector (letters, digits, '_', '-', '.').", Required = true };
        var sources = new (Option<string> Option, TaskVectorSourceKind Kind)[]
        {
            (new Option<string>("--finetuned") { Description = "A fine-tuned ONNX model with the base model's graph." }, TaskVectorSourceKind.FineTunedModel),
            (new Option<string>("--weights") { Description = "Safetensors of fine-tuned weights keyed by initializer name." }, TaskVectorSourceKind.Weights),
            (new Option<string>("--delta") { Description = "Safetensors of a ready task vector keyed by initializer name." }, TaskVectorSourceKind.Delta),
            (new Option<string>("--lora") { Description = "Safetensors of LoRA factors <initializer>.lora_A/.lora_B with 'scale' metadata." }, TaskVectorSourceKind.Lora),
        };
        var dtype = new Option<string>("--dtype") { Description = "Storage type: f16 (default), bf16 or f32.", DefaultValueFactory = _ => "f16" };
        dtype.AcceptOnlyFromAmong("f16", "bf16", "f32");
        var description = new Option<string?>("--description") { Description = "Free text recorded in the provenance." };
        var command = new Command("add", "Add a task vector taken from a fine-tuned model, fine-tuned weights, a delta or LoRA factors.")
        {
            directory, name, dtype, description,
        };
        foreach (var (option, _) in sources) command.Options.Add(option);
        command.SetAction(parse => BankCliShared.Run(() =>
        {
            var given = sources.Where(s => parse.GetValue(s.Option) is not null).ToArray();
            if (given.Length != 1)
                return CliOutput.Fail($"bank add: give exactly one of --finetuned, --weights, --delta, --lora (got {given.Length}).");
            var editor = new TaskVectorBankEditor(parse.GetValue(directory)!);
            var result = editor.Add(new AddTaskVectorRequest
            {
                Name = parse.GetValue(name)!,
                Source = given[0].Kind,
                SourcePath = parse.GetValue(given[0].Option)!,
                StorageType = parse.GetValue(dtype) switch { "f32" => Engine.Safetensors.SafetensorsDType.F32, "bf16" => Engine.Safetensors.SafetensorsDType.BF16, _ => Engine.Safetensors.SafetensorsDType.F16 },
                Description = parse.GetValue(description),
            });
            Report(parse.InvocationConfiguration.Output, result);
            return 0;
        }));
        return command;
    }

    private static void Report(TextWriter output, TaskVectorAddResult result)
    {
        var tv = result.TaskVector;
        output.WriteLine($"Added task vector '{tv.Name}' ({tv.Kind.ToString().ToLowerInvariant()}, {tv.StorageType}): " +
            $"{tv.Blocks.Count} changed block(s), {BankCliShared.Size(tv.BytesOnDisk)} on disk, {BankCliShared.Size(tv.BytesInMemoryAsFloat32)} in RAM as f32.");
        var rows = new List<string[]> { BlockHeader };
        rows.AddRange(tv.Blocks.Select(b => new[] { b.Name, BankCliShared.Shape(b.Shape), BankCliShared.Number(b.L2Norm) }));
        BankCliShared.WriteTable(output, rows);
        if (result.UnchangedBlocks.Count > 0)
            output.WriteLine($"Unchanged (zero delta, not stored): {string.Join(", ", result.UnchangedBlocks)}");
    }
}
