using System.CommandLine;
using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas eval</c>: measures a model on a data spec, optionally under a camera condition, through ONNX Runtime. The
/// model is a file (<c>--model</c>) or a composition θ0 + Σλτ of a bank and learned coefficients (<c>--bank</c> with
/// <c>--coefficients</c>), baked into a temporary model exactly as <c>atlas compose</c> writes it.
/// Parsing and printing only; the work is <see cref="ModelEvaluator"/>.
/// </summary>
internal sealed class EvalCommand : ICliCommandProvider
{
    private readonly Option<FileInfo> _model = new("--model")
    {
        Description = "The ONNX classifier; its first input takes images [N, C, H, W] in [0, 1], its first output class scores.",
    };

    private readonly Option<string> _bank = new("--bank")
    {
        Description = "Instead of --model: a task-vector bank folder whose base model is composed with --coefficients.",
    };

    private readonly Option<FileInfo> _coefficients = new("--coefficients")
    {
        Description = "With --bank: a coefficient file learned on that bank (atlas learn … --out).",
    };

    private readonly Option<string> _data = new("--data")
    {
        Description = "Data spec: idx:<images>[,<labels>], npy:<images>[,<labels>], folder:<root>[,gray|rgb][,WxH], " +
            "fashion-mnist:train|test, or a path; any may end in [start:end].",
        Required = true,
    };

    private readonly Option<string> _condition = new("--condition")
    {
        Description = "Camera condition applied before inference, e.g. fog, dark:4, dark+noise:2.",
        DefaultValueFactory = _ => "clean",
    };

    private readonly Option<long> _seed = new("--seed")
    {
        Description = "Seed for the condition's randomness.",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<int> _batchSize = new("--batch-size")
    {
        Description = "Images per inference call (a model with a fixed batch dimension uses its own).",
        DefaultValueFactory = _ => 256,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print the full report, confusion matrix included, as JSON.",
    };

    public Command Create()
    {
        var command = new Command("eval", "Measure a model's accuracy, confidence and entropy on labeled data, optionally under a camera condition.");
        command.Options.Add(_model);
        command.Options.Add(_bank);
        command.Options.Add(_coefficients);
        command.Options.Add(_data);
        command.Options.Add(_condition);
        command.Options.Add(_seed);
        command.Options.Add(_batchSize);
        command.Options.Add(_json);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var model = parseResult.GetValue(_model);
        var bank = parseResult.GetValue(_bank);
        var coefficients = parseResult.GetValue(_coefficients);
        if ((model is null) == (bank is null))
        {
            return Fail(error, "give either --model <file.onnx> or --bank <dir> with --coefficients <file>.");
        }
        if ((bank is null) != (coefficients is null))
        {
            return Fail(error, bank is null ? "--coefficients needs --bank, the bank they were learned on." : "--bank needs --coefficients, the composition to evaluate.");
        }
        var dataText = parseResult.GetValue(_data)!;
        var batchSize = parseResult.GetValue(_batchSize);
        if (batchSize <= 0)
        {
            return Fail(error, $"--batch-size must be a positive number of images, was {batchSize}.");
        }
        try
        {
            var condition = ConditionSpec.Parse(parseResult.GetValue(_condition)!);
            var options = new EvaluationOptions
            {
                BatchSize = batchSize,
                Condition = condition.IsClean ? null : condition,
                Seed = parseResult.GetValue(_seed),
            };
            if (model is not null && !model.Exists)
            {
                return Fail(error, $"model file '{model.FullName}' does not exist.");
            }
            var data = DataSpec.Parse(dataText).Load();
            var (report, described) = model is not null
                ? (new ModelEvaluator().Evaluate(model.FullName, data, options, null, cancellationToken), model.FullName)
                : (EvaluateComposition(bank!, coefficients!.FullName, data, options, cancellationToken), $"{bank} composed with {coefficients!.FullName}");
            var printer = new EvalReportPrinter(described, dataText, data, report);
            if (parseResult.GetValue(_json))
            {
                printer.WriteJson(output);
            }
            else
            {
                printer.WriteText(output);
            }
            return 0;
        }
        catch (Exception e) when (e is DataFormatException or FormatException or EvaluationException or ArgumentException
            or CompositionException or TaskVectorBankException or OnnxFormatException or IOException)
        {
            return Fail(error, e.Message);
        }
    }

    /// <summary>
    /// Bakes the composition into a temporary model and evaluates that. Baked rather than passed as session initializer
    /// overrides, because ONNX Runtime silently drops overrides of initializers that feed foldable subgraphs
    /// (docs/inference.md); the temporary file is the very model <c>atlas compose</c> would write.
    /// </summary>
    private static EvaluationReport EvaluateComposition(string bankDirectory, string coefficientFile, ImageDataset data, EvaluationOptions options,
        CancellationToken cancellationToken)
    {
        var bank = TaskVectorBank.Open(bankDirectory);
        var weights = BankCoefficients.Compose(bank, CoefficientFile.Read(coefficientFile));
        var composed = Path.Combine(Path.GetTempPath(), $"atlas-eval-{Guid.NewGuid():N}.onnx");
        try
        {
            ComposedModelWriter.Write(bank.BaseModel, weights, composed);
            return new ModelEvaluator().Evaluate(composed, data, options, null, cancellationToken);
        }
        finally
        {
            File.Delete(composed);
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"atlas eval: {message}");
        return CliOutput.UsageError;
    }
}
