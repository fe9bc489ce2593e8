using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Atlas.Engine.Bank;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Onnx;
using Atlas.Engine.Training;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas finetune</c>: full fine-tuning of a model on labeled data (optionally under a camera condition), written as
/// a new ONNX file and optionally added to a bank as a task vector. Parsing and printing only; the work is
/// <see cref="FineTuner"/> and <see cref="BankPublisher"/>.
/// </summary>
internal sealed class FineTuneCommand : ICliCommandProvider
{
    private readonly Option<FileInfo> _model = new("--model")
    {
        Description = "The base ONNX classifier; its first input takes images [N, C, H, W] in [0, 1], its first output logits.",
        Required = true,
    };

    private readonly Option<string> _data = new("--data")
    {
        Description = "Labeled training data spec, e.g. fashion-mnist:train[30000:55000] or idx:<images>,<labels>.",
        Required = true,
    };

    private readonly Option<string> _condition = new("--condition")
    {
        Description = "Camera condition applied once (seeded) to the training images, e.g. fog, dark:4, dark+noise (default clean).",
        DefaultValueFactory = _ => "clean",
    };

    private readonly Option<int> _epochs = new("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 5 };

    private readonly Option<double> _learningRate = new("--lr") { Description = "Peak learning rate (AdamW, cosine decay to 0).", DefaultValueFactory = _ => 1e-3 };

    private readonly Option<double> _weightDecay = new("--weight-decay") { Description = "AdamW weight decay.", DefaultValueFactory = _ => 0 };

    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => 128 };

    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the shuffling and of the condition.", DefaultValueFactory = _ => 0 };

    private readonly Option<int> _threads = new("--threads") { Description = "TorchSharp threads (0 = libtorch's default).", DefaultValueFactory = _ => 0 };

    private readonly Option<FileInfo?> _out = new("--out") { Description = "Where to write the fine-tuned model (default <model>.finetuned.onnx, or <name>.onnx with --name)." };

    private readonly Option<DirectoryInfo?> _bank = new("--bank") { Description = "Add the result to this bank as a task vector (the bank is created with --model as its base when absent)." };

    private readonly Option<string?> _name = new("--name") { Description = "The task vector's name in the bank (required with --bank)." };

    public Command Create()
    {
        var command = new Command("finetune", "Fine-tune every learnable weight of a model on labeled data, optionally under a camera condition, and optionally add it to a bank.");
        foreach (var option in new Option[] { _model, _data, _condition, _epochs, _learningRate, _weightDecay, _batchSize, _seed, _threads, _out, _bank, _name })
            command.Options.Add(option);
        command.SetAction((parseResult, cancellationToken) => Task.Run(() => Run(parseResult, cancellationToken), CancellationToken.None));
        return command;
    }

    private int Run(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var model = parseResult.GetValue(_model)!;
        var bank = parseResult.GetValue(_bank);
        var name = parseResult.GetValue(_name);
        if (bank is not null && string.IsNullOrWhiteSpace(name)) return Fail(error, "--bank needs --name, the task vector's name.");
        if (!model.Exists) return Fail(error, $"model file '{model.FullName}' does not exist.");
        var outPath = parseResult.GetValue(_out)?.FullName ?? DefaultOutput(model, name);
        try
        {
            var condition = ConditionSpec.Parse(parseResult.GetValue(_condition)!);
            var options = new FineTuneOptions
            {
                Epochs = parseResult.GetValue(_epochs),
                LearningRate = parseResult.GetValue(_learningRate),
                WeightDecay = parseResult.GetValue(_weightDecay),
                BatchSize = parseResult.GetValue(_batchSize),
                Seed = parseResult.GetValue(_seed),
                Threads = parseResult.GetValue(_threads),
                Condition = condition.IsClean ? null : condition,
            };
            var baseModel = OnnxModel.Load(model.FullName);
            var dataText = parseResult.GetValue(_data)!;
            var data = DataSpec.Parse(dataText).Load();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fine-tuning {model.Name} on {data.Count} images of {dataText} under {condition}: {options.Epochs} epochs, lr {options.LearningRate}, batch {options.BatchSize}, seed {options.Seed}"));
            var progress = LearningProgressRenderer.For(output, Path.GetFileNameWithoutExtension(outPath), options.Epochs);
            var result = new FineTuner(options).Run(baseModel, data, progress, cancellationToken);
            if (result.Learning.Cancelled)
            {
                error.WriteLine("atlas finetune: cancelled; nothing was written.");
                return CliOutput.CheckFailed;
            }
            result.Save(baseModel, outPath);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {result.Weights.Count} tensors fine-tuned, train accuracy {result.TrainAccuracy:P2} in the last epoch"));
            if (bank is not null)
            {
                var added = BankPublisher.Add(bank.FullName, model.FullName, outPath, name!,
                    $"atlas finetune on {dataText} under {condition}, {options.Epochs} epochs, lr {options.LearningRate}, seed {options.Seed}");
                output.WriteLine($"added task vector '{added.TaskVector.Name}' to bank {bank.FullName}: {added.TaskVector.Blocks.Count} blocks, {added.TaskVector.BytesOnDisk:N0} bytes ({added.TaskVector.StorageType})");
            }
            return 0;
        }
        catch (Exception e) when (e is DataFormatException or FormatException or OnnxFormatException or ValidationException
            or TrainingException or TaskVectorBankException)
        {
            return Fail(error, e.Message);
        }
    }

    private static string DefaultOutput(FileInfo model, string? name)
    {
        var folder = model.DirectoryName ?? ".";
        return string.IsNullOrWhiteSpace(name)
            ? Path.Combine(folder, Path.GetFileNameWithoutExtension(model.Name) + ".finetuned.onnx")
            : Path.Combine(folder, name + ".onnx");
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"atlas finetune: {message}");
        return CliOutput.UsageError;
    }
}
