using System.CommandLine;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Modes;

namespace Atlas.Agent.Cli.Commands.Learn;

/// <summary>
/// <c>atlas learn fewshot|addition|negation|tta</c>: learns aTLAS coefficients (or a baseline) on a bank and writes
/// them to a coefficient file. Defaults per mode follow the paper (method.md).
/// </summary>
internal sealed class LearnCommand : ICliCommandProvider
{
    public Command Create()
    {
        var learn = new Command("learn", "Learn composition coefficients for a bank: few-shot, task addition, task negation or test-time adaptation.");
        learn.Subcommands.Add(FewShot());
        learn.Subcommands.Add(Addition());
        learn.Subcommands.Add(Negation());
        learn.Subcommands.Add(TestTimeAdaptation());
        return learn;
    }

    private static Option<string> DataOption(string description) => new("--data") { Description = description, Required = true };

    private static Option<string> ConditionOption() => new("--condition") { Description = "Camera condition applied to the data, e.g. fog or dark+noise:2." };

    private static Command FewShot()
    {
        var common = new LearnOptionSet(learningRate: 0.1, epochs: 10, LearningSchedule.Cosine);
        var data = DataOption("Labeled data spec to draw the shots from.");
        var condition = ConditionOption();
        var shots = new Option<int>("--shots") { Description = "Labeled samples per class.", DefaultValueFactory = _ => 4 };
        var command = new Command("fewshot", "Cross-entropy on K labeled samples per class.");
        common.AddTo(command);
        command.Options.Add(data);
        command.Options.Add(condition);
        command.Options.Add(shots);
        command.SetAction((parse, ct) => LearnRunner.RunAsync(parse, common, (modes, method, token) =>
            modes.FewShot(LearnRunner.LoadData(parse.GetValue(data)!, parse.GetValue(condition), parse.GetValue(common.Seed)), parse.GetValue(shots), method, token), ct));
        return command;
    }

    private static Command Addition()
    {
        var common = new LearnOptionSet(learningRate: 1e-3, epochs: 20, LearningSchedule.Constant);
        var data = new Option<string[]>("--data")
        {
            Description = "Labeled data per task, repeatable. Append '@condition' to apply a camera condition to that set, e.g. fashion-mnist:test[0:500]@fog.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("addition", "One composition good at every task: summed cross-entropy over several labeled sets.");
        common.AddTo(command);
        command.Options.Add(data);
        command.SetAction((parse, ct) => LearnRunner.RunAsync(parse, common, (modes, method, token) =>
        {
            var seed = parse.GetValue(common.Seed);
            var sets = parse.GetValue(data)!.Select(spec => LearnRunner.LoadDataWithCondition(spec, seed)).ToArray();
            return modes.Addition(sets, method, token);
        }, ct));
        return command;
    }

    private static Command Negation()
    {
        var common = new LearnOptionSet(learningRate: 1e-3, epochs: 10, LearningSchedule.Constant);
        var target = new Option<string>("--target") { Description = "Labeled data of the task to forget (spec[@condition]).", Required = true };
        var control = new Option<string>("--control") { Description = "Labeled data of the task to keep (spec[@condition]).", Required = true };
        var floor = new Option<double>("--control-floor") { Description = "Stop once control accuracy would fall below this fraction of the base's.", DefaultValueFactory = _ => 0.95 };
        var command = new Command("negation", "Forget a task (−CE on the target) while keeping a control task (+CE), stopping at the control floor.");
        common.AddTo(command);
        command.Options.Add(target);
        command.Options.Add(control);
        command.Options.Add(floor);
        command.SetAction((parse, ct) => LearnRunner.RunAsync(parse, common, (modes, method, token) =>
        {
            if (method != LearningMethod.Atlas) throw new ArgumentException("Negation learns aTLAS coefficients only (--method atlas).");
            var seed = parse.GetValue(common.Seed);
            return modes.Negation(LearnRunner.LoadDataWithCondition(parse.GetValue(target)!, seed),
                LearnRunner.LoadDataWithCondition(parse.GetValue(control)!, seed), parse.GetValue(floor), token);
        }, ct));
        return command;
    }

    private static Command TestTimeAdaptation()
    {
        var common = new LearnOptionSet(learningRate: 1e-3, epochs: 10, LearningSchedule.Constant);
        var data = DataOption("Unlabeled target data spec (labels, if any, are ignored).");
        var condition = ConditionOption();
        var objective = new Option<string>("--objective")
        {
            Description = "Unsupervised objective plugin: entropy-balanced (default; resists one-class collapse), entropy, reliable-entropy, ufm, contrastive.",
            DefaultValueFactory = _ => "entropy-balanced",
        };
        var objectiveOptions = new Option<string>("--objective-options") { Description = "The objective's options as a JSON object." };
        var plugins = new Option<string>("--plugins") { Description = "Plugin folder to load objectives from (default: the built-in plugin folders)." };
        var command = new Command("tta", "Test-time adaptation on unlabeled data with an unsupervised objective.");
        common.AddTo(command);
        command.Options.Add(data);
        command.Options.Add(condition);
        command.Options.Add(objective);
        command.Options.Add(objectiveOptions);
        command.Options.Add(plugins);
        command.SetAction((parse, ct) => LearnRunner.RunAsync(parse, common, (modes, method, token) =>
        {
            // The registry owns the plugin load contexts: it lives exactly as long as the run.
            using var registry = LearnRunner.OpenRegistry(parse.GetValue(plugins));
            var loss = LearnRunner.CreateObjective(registry, parse.GetValue(objective)!, parse.GetValue(objectiveOptions));
            var target = LearnRunner.LoadData(parse.GetValue(data)!, parse.GetValue(condition), parse.GetValue(common.Seed));
            return modes.TestTimeAdaptation(target, loss, method, token);
        }, ct));
        return command;
    }
}
