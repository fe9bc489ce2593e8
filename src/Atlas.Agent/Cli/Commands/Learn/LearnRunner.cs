using System.CommandLine;
using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Modes;
using Atlas.Engine.Onnx;
using Atlas.Engine.Plugins;
using Atlas.Plugins;

namespace Atlas.Agent.Cli.Commands.Learn;

/// <summary>
/// Runs one <c>atlas learn</c> mode: opens the bank, runs the mode on a worker thread (TorchSharp is thread-bound),
/// prints progress, and writes the result. Every expected failure becomes one clear error line and exit code 2.
/// </summary>
internal static class LearnRunner
{
    public static async Task<int> RunAsync(
        ParseResult parse, LearnOptionSet common, Func<LearningModes, LearningMethod, CancellationToken, ModeResult> mode, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var method = common.BindMethod(parse);
            var options = common.BindLearner(parse);
            var granularity = common.BindGranularity(parse, method);
            var outPath = parse.GetValue(common.Out)!.FullName;
            var progress = LearningProgressRenderer.For(output, "atlas learn " + parse.CommandResult.Command.Name, options.Epochs);
            var result = await Task.Run(() =>
            {
                using var composition = BankComposition.Open(parse.GetValue(common.Bank)!, granularity, options.Exclude);
                output.WriteLine($"bank {composition.Bank.Directory}: task vectors {string.Join(", ", composition.Composer.TaskVectorNames)}; " +
                                 $"{composition.Composer.Layout.Groups.Count} groups ({granularity}), {composition.Composer.CoefficientCount} coefficients");
                var modes = new LearningModes(composition, options) { Progress = progress };
                var outcome = mode(modes, method, cancellationToken);
                Write(outPath, outcome, composition.Bank.BaseModel);
                return outcome;
            }, cancellationToken).ConfigureAwait(false);
            output.WriteLine(result.Note);
            if (result.Learning is { Failure: { } failure })
            {
                error.WriteLine($"atlas learn: {failure}");
                output.WriteLine($"wrote {outPath} (last good state)");
                return CliOutput.CheckFailed;
            }
            output.WriteLine($"wrote {outPath}");
            return 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CompositionException or TaskVectorBankException
                                      or DataFormatException or OnnxFormatException or PluginException or ObjectiveOptionsException
                                      or InvalidOperationException or System.ComponentModel.DataAnnotations.ValidationException)
        {
            error.WriteLine($"atlas learn: {e.Message}");
            return CliOutput.UsageError;
        }
    }

    /// <summary>Loads <c>spec[@condition]</c>: a data spec, optionally followed by a camera condition after the last '@'.</summary>
    public static ImageDataset LoadDataWithCondition(string specAndCondition, long seed)
    {
        var at = specAndCondition.LastIndexOf('@');
        return at < 0 ? LoadData(specAndCondition, null, seed) : LoadData(specAndCondition[..at], specAndCondition[(at + 1)..], seed);
    }

    /// <summary>Loads a labeled or unlabeled data spec, applying a camera condition when given.</summary>
    public static ImageDataset LoadData(string spec, string? condition, long seed)
    {
        var data = DataSpec.Parse(spec).Load();
        if (string.IsNullOrWhiteSpace(condition)) return data;
        var parsed = Engine.Conditions.ConditionSpec.Parse(condition);
        return parsed.IsClean ? data : parsed.Apply(data, seed);
    }

    /// <summary>Loads the objective plugins from a folder, or from the built-in plugin folders when none is given.</summary>
    public static ObjectiveRegistry OpenRegistry(string? pluginDirectory)
    {
        var pluginOptions = new PluginOptions();
        if (!string.IsNullOrWhiteSpace(pluginDirectory)) pluginOptions.Directories.Add(pluginDirectory);
        return ObjectiveRegistry.Load(pluginOptions);
    }

    /// <summary>Creates an objective (guarded) and configures it from a JSON object, or with its defaults.</summary>
    public static IObjective CreateObjective(ObjectiveRegistry registry, string name, string? optionsJson)
    {
        var objective = registry.Create(name);
        using var document = System.Text.Json.JsonDocument.Parse(string.IsNullOrWhiteSpace(optionsJson) ? "{}" : optionsJson);
        objective.Configure(document.RootElement.Clone());
        return objective;
    }

    private static void Write(string path, ModeResult result, OnnxModel baseModel)
    {
        if (result.Coefficients is not null)
            CoefficientFile.Write(path, result.Coefficients);
        else
            baseModel.Save(path, result.Weights.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }
}
