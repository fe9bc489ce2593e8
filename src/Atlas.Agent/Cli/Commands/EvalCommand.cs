using System.CommandLine;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas eval</c>: measures a model on a data spec, optionally under a camera condition, through ONNX Runtime.
/// Parsing and printing only; the work is <see cref="ModelEvaluator"/>.
/// </summary>
internal sealed class EvalCommand : ICliCommandProvider
{
    private readonly Option<FileInfo> _model = new("--model")
    {
        Description = "The ONNX classifier; its first input takes images [N, C, H, W] in [0, 1], its first output class scores.",
        Required = true,
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
        var model = parseResult.GetValue(_model)!;
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
            if (!model.Exists)
            {
                return Fail(error, $"model file '{model.FullName}' does not exist.");
            }
            var data = DataSpec.Parse(dataText).Load();
            var report = Evaluate(model.FullName, data, options, cancellationToken);
            var printer = new EvalReportPrinter(model.FullName, dataText, data, report);
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
        catch (Exception e) when (e is DataFormatException or FormatException or EvaluationException or ArgumentException)
        {
            return Fail(error, e.Message);
        }
    }

    /// <summary>
    /// Runs the evaluation on the model file as it is. This is the seam for <c>--bank &lt;dir&gt; --coefficients &lt;file&gt;</c>:
    /// that option will compose the weights and pass them here as <see cref="SessionOptions"/> whose initializers
    /// (<see cref="SessionOptions.AddInitializer"/>) override the base model's, keeping their OrtValues alive until the
    /// evaluation returns.
    /// </summary>
    private static EvaluationReport Evaluate(string modelPath, ImageDataset data, EvaluationOptions options, CancellationToken cancellationToken)
    {
        SessionOptions? composedWeights = null;
        return new ModelEvaluator().Evaluate(modelPath, data, options, composedWeights, cancellationToken);
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"atlas eval: {message}");
        return CliOutput.UsageError;
    }
}
