using System.CommandLine;
using Atlas.Engine.Composition;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Modes;

namespace Atlas.Agent.Cli.Commands.Learn;

/// <summary>
/// The options every <c>atlas learn</c> mode shares, with per-mode defaults (the paper's settings), and their binding
/// to <see cref="LearnerOptions"/>.
/// </summary>
internal sealed class LearnOptionSet
{
    public LearnOptionSet(double learningRate, int epochs, LearningSchedule schedule)
    {
        LearningRate = new("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => learningRate };
        Epochs = new("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => epochs };
        Schedule = new("--schedule") { Description = "Learning-rate schedule: constant or cosine.", DefaultValueFactory = _ => schedule.ToString().ToLowerInvariant() };
    }

    public Option<string> Bank { get; } = new("--bank") { Description = "The task-vector bank folder.", Required = true };

    public Option<FileInfo> Out { get; } = new("--out")
    {
        Description = "Where to write the learned coefficients (JSON). Norm-affine writes a composed ONNX model here instead.",
        Required = true,
    };

    public Option<string> Granularity { get; } = new("--granularity")
    {
        Description = "Coefficients per task vector: global, layer, block (aTLAS) or block:K.",
        DefaultValueFactory = _ => "block",
    };

    public Option<string> Method { get; } = new("--method")
    {
        Description = "atlas (learned coefficients), task-arithmetic (one λ by grid search on labeled data) or norm-affine (TENT-style).",
        DefaultValueFactory = _ => "atlas",
    };

    public Option<double> LearningRate { get; }

    public Option<int> Epochs { get; }

    public Option<string> Schedule { get; }

    public Option<int> Steps { get; } = new("--steps") { Description = "Stop after this many steps (0 = run all epochs)." };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Samples per step.", DefaultValueFactory = _ => 128 };

    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "AdamW weight decay (pulls λ toward 0).", DefaultValueFactory = _ => 0.1 };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of shuffling, sampling and augmentation." };

    public Option<float> Initial { get; } = new("--init") { Description = "Initial value of every coefficient (0 = the base model)." };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Task vectors to leave out, by name (repeatable; the paper excludes the target's own).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string> WeakView { get; } = new("--weak-view") { Description = "Weak view augmentation, e.g. identity or crop+flip.", DefaultValueFactory = _ => "identity" };

    public Option<string> StrongView { get; } = new("--strong-view") { Description = "Strong view augmentation, e.g. crop+flip+jitter.", DefaultValueFactory = _ => "crop+flip+jitter" };

    public Option<int> Threads { get; } = new("--threads") { Description = "TorchSharp threads for the run (0 = default)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Bank, Out, Granularity, Method, LearningRate, Epochs, Schedule, Steps, BatchSize, WeightDecay, Seed, Initial, Exclude, WeakView, StrongView, Threads })
            command.Options.Add(option);
    }

    public LearnerOptions BindLearner(ParseResult parse)
    {
        var schedule = parse.GetValue(Schedule)!;
        var options = new LearnerOptions
        {
            LearningRate = parse.GetValue(LearningRate),
            Epochs = parse.GetValue(Epochs),
            MaxSteps = parse.GetValue(Steps),
            BatchSize = parse.GetValue(BatchSize),
            WeightDecay = parse.GetValue(WeightDecay),
            Seed = parse.GetValue(Seed),
            InitialCoefficient = parse.GetValue(Initial),
            WeakView = parse.GetValue(WeakView)!,
            StrongView = parse.GetValue(StrongView)!,
            Threads = parse.GetValue(Threads),
            Schedule = Enum.TryParse<LearningSchedule>(schedule, ignoreCase: true, out var s)
                ? s : throw new FormatException($"--schedule is '{schedule}'; use constant or cosine."),
        };
        foreach (var name in parse.GetValue(Exclude) ?? []) options.Exclude.Add(name);
        options.Validate();
        return options;
    }

    public LearningMethod BindMethod(ParseResult parse)
    {
        var text = parse.GetValue(Method)!;
        return text.ToLowerInvariant() switch
        {
            "atlas" => LearningMethod.Atlas,
            "task-arithmetic" => LearningMethod.TaskArithmetic,
            "norm-affine" => LearningMethod.NormAffine,
            _ => throw new FormatException($"--method is '{text}'; use atlas, task-arithmetic or norm-affine."),
        };
    }

    /// <summary>Task arithmetic is one global λ whatever --granularity says.</summary>
    public Granularity BindGranularity(ParseResult parse, LearningMethod method) =>
        method == LearningMethod.TaskArithmetic ? Engine.Composition.Granularity.Parse("global") : Engine.Composition.Granularity.Parse(parse.GetValue(Granularity)!);
}
