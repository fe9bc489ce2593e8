using System.CommandLine;
using Atlas.Engine.Experiments;
using Atlas.Engine.Plugins;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas experiments</c>: the aTLAS learning experiments on the shipped sample (TTA, few-shot, task addition against
/// baselines), written into docs/results.md.
/// </summary>
internal sealed class ExperimentsCommand : ICliCommandProvider
{
    private readonly Option<string> _sample = new("--sample") { Description = "The sample folder.", DefaultValueFactory = _ => Path.Combine("samples", "fashion-camera") };

    private readonly Option<string> _out = new("--out") { Description = "Results file to write the section into.", DefaultValueFactory = _ => Path.Combine("docs", "results.md") };

    private readonly Option<int> _seeds = new("--seeds") { Description = "Seeds to average over.", DefaultValueFactory = _ => 3 };

    private readonly Option<int> _targetCount = new("--target-count") { Description = "Target images per condition.", DefaultValueFactory = _ => 2000 };

    private readonly Option<int> _ttaEpochs = new("--tta-epochs") { Description = "Epochs of test-time adaptation.", DefaultValueFactory = _ => 5 };

    private readonly Option<double> _ttaLearningRate = new("--tta-lr") { Description = "Learning rate of test-time adaptation.", DefaultValueFactory = _ => 0.05 };

    private readonly Option<int> _additionPerTask = new("--addition-per-task") { Description = "Labeled images per task for task addition.", DefaultValueFactory = _ => 200 };

    private readonly Option<bool> _quick = new("--quick") { Description = "A smoke test: one seed, one condition, small sets." };

    public Command Create()
    {
        var command = new Command("experiments", "Run the aTLAS experiments on the shipped sample and write them into the results file.");
        command.Options.Add(_sample);
        command.Options.Add(_out);
        command.Options.Add(_seeds);
        command.Options.Add(_targetCount);
        command.Options.Add(_ttaEpochs);
        command.Options.Add(_ttaLearningRate);
        command.Options.Add(_additionPerTask);
        command.Options.Add(_quick);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new ExperimentOptions
            {
                SampleDirectory = parse.GetValue(_sample)!,
                Seeds = parse.GetValue(_seeds),
                TargetCount = parse.GetValue(_targetCount),
                TtaEpochs = parse.GetValue(_ttaEpochs),
                TtaLearningRate = parse.GetValue(_ttaLearningRate),
                AdditionPerTask = parse.GetValue(_additionPerTask),
                Quick = parse.GetValue(_quick),
            };
            try
            {
                var report = await Task.Run(() =>
                {
                    using var registry = ObjectiveRegistry.Load(new PluginOptions());
                    return new ExperimentRunner(options, registry, line => output.WriteLine(line)).Run(ct);
                }, ct).ConfigureAwait(false);
                var outPath = parse.GetValue(_out)!;
                var commandLine = "atlas " + string.Join(" ", parse.Tokens.Select(t => t.Value));
                ExperimentMarkdown.WriteInto(outPath, report, commandLine);
                output.WriteLine($"wrote {outPath}");
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.ComponentModel.DataAnnotations.ValidationException or IOException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"atlas experiments: {e.Message}");
                return CliOutput.UsageError;
            }
        });
        return command;
    }
}
