using System.CommandLine;
using System.Text.Json;
using Atlas.Engine.Bank;

namespace Atlas.Agent.Cli.Commands.Bank;

/// <summary><c>atlas bank list|inspect &lt;dir&gt; [--json]</c>: inspect adds the base model, the hash and every block.</summary>
internal static class BankListCommand
{
    private static readonly string[] TaskVectorHeader = ["NAME", "KIND", "DTYPE", "BLOCKS", "DISK", "RAM(f32)", "CREATED", "SOURCE"];
    private static readonly string[] BlockHeader = ["  BLOCK", "SHAPE", "L2 NORM"];

    public static Command Create(string verb, string description, bool withBlocks)
    {
        var directory = BankCliShared.DirectoryArgument();
        var json = BankCliShared.JsonOption();
        var command = new Command(verb, description) { directory, json };
        command.SetAction(parse => BankCliShared.Run(() =>
        {
            var bank = TaskVectorBank.Open(parse.GetValue(directory)!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) WriteJson(output, bank, withBlocks);
            else WriteText(output, bank, withBlocks);
            return 0;
        }));
        return command;
    }

    private static void WriteText(TextWriter output, TaskVectorBank bank, bool withBlocks)
    {
        if (withBlocks)
        {
            output.WriteLine($"Bank:        {bank.Directory}");
            output.WriteLine($"Base model:  {Path.GetFileName(bank.BaseModelPath)} (SHA-256 {bank.BaseModelSha256})");
            output.WriteLine($"Bank hash:   {bank.Hash}");
            output.WriteLine();
        }
        if (bank.TaskVectors.Count == 0)
        {
            output.WriteLine("No task vectors.");
            return;
        }
        var rows = new List<string[]> { TaskVectorHeader };
        rows.AddRange(bank.TaskVectors.Select(t => new[]
        {
            t.Name, KindText(t.Kind), t.StorageType.ToString(), t.Blocks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            BankCliShared.Size(t.BytesOnDisk), BankCliShared.Size(t.BytesInMemoryAsFloat32),
            t.CreatedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), t.Source,
        }));
        BankCliShared.WriteTable(output, rows);
        output.WriteLine($"Total: {bank.TaskVectors.Count} task vector(s), {BankCliShared.Size(bank.TaskVectors.Sum(t => t.BytesOnDisk))} on disk, " +
            $"{BankCliShared.Size(bank.TaskVectors.Sum(t => t.BytesInMemoryAsFloat32))} in RAM as f32.");
        if (!withBlocks) return;
        foreach (var t in bank.TaskVectors)
        {
            output.WriteLine();
            output.WriteLine($"{t.Name}:{(t.Description is null ? "" : " " + t.Description)}");
            var blocks = new List<string[]> { BlockHeader };
            blocks.AddRange(t.Blocks.Select(b => new[] { "  " + b.Name, BankCliShared.Shape(b.Shape), BankCliShared.Number(b.L2Norm) }));
            BankCliShared.WriteTable(output, blocks);
        }
    }

    private static void WriteJson(TextWriter output, TaskVectorBank bank, bool withBlocks)
    {
        var document = new
        {
            directory = bank.Directory,
            base_model = new { file = Path.GetFileName(bank.BaseModelPath), sha256 = bank.BaseModelSha256 },
            hash = bank.Hash,
            task_vectors = bank.TaskVectors.Select(t => new
            {
                name = t.Name,
                kind = KindText(t.Kind),
                dtype = t.StorageType.ToString().ToLowerInvariant(),
                file = t.FileName,
                source = t.Source,
                description = t.Description,
                created_utc = t.CreatedUtc,
                block_count = t.Blocks.Count,
                bytes_on_disk = t.BytesOnDisk,
                bytes_in_ram_f32 = t.BytesInMemoryAsFloat32,
                blocks = withBlocks ? t.Blocks.Select(b => new { name = b.Name, shape = b.Shape, l2_norm = b.L2Norm }) : null,
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(document, BankCliShared.Json));
    }

    private static string KindText(TaskVectorKind kind) => kind == TaskVectorKind.Lora ? "lora" : "full";
}
