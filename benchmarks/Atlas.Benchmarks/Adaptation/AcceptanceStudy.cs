using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Atlas.Agent.Adaptation;
using Atlas.Engine.Adaptation;
using Atlas.Engine.Composition;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using Atlas.Engine.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Benchmarks.Adaptation;

/// <summary>
/// Measures the label-free acceptance criterion against the truth: agent-like adaptation rounds (the serving loop's
/// buffer fed with the base model's predictions, then <see cref="AdaptationRound"/>) on the shipped sample bank, for the
/// held-out conditions (each with its own task vector excluded), clean frames, and a deliberately harmful setting, over
/// several seeds; prints a Markdown table with the true accuracy before and after (on the stream and on 1000 unseen frames
/// of the same condition), the held-out statistics the criterion sees, and its decision. Run:
/// <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- acceptance-study [seeds] [frames] [bank]</c>
/// (default 5 seeds, 250 frames, samples/fashion-camera/bank). Stream <c>s</c> is test images [1000·s, 1000·s + frames);
/// the unseen frames are test images [8000, 9000), so up to 7 seeds never overlap them.
/// </summary>
internal static class AcceptanceStudy
{
    private sealed record Scenario(string Label, string Condition, string? Exclude);

    private sealed record Setting(string Label, string Objective, double LearningRate, int Epochs);

    private static readonly Scenario[] Scenarios =
    [
        new("fog:5", "fog:5", "fog"),
        new("dark-noise", "dark:5+gaussian-noise:4", "dark-noise"),
        new("low-contrast", "low-contrast:5", "low-contrast"),
        new("clean", "clean", null),
    ];

    private static readonly Setting[] Settings =
    [
        new("entropy-balanced lr 0.05 (default)", "entropy-balanced", 0.05, 3),
        new("entropy lr 0.05", "entropy", 0.05, 3),
        new("entropy lr 1 (harmful)", "entropy", 1.0, 3),
    ];

    public static void Run(string[] args)
    {
        int seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 250;
        string bank = args.Length > 2 ? args[2] : "samples/fashion-camera/bank";
        torch.set_num_threads(1);
        var test = DataSpec.Parse("fashion-mnist:test").Load();
        using var registry = ObjectiveRegistry.Load(new PluginOptions());
        var criterion = new AcceptanceCriterion();
        var summary = new List<string>();
        Console.WriteLine($"criterion: {criterion}");
        Console.WriteLine("| condition | setting | seed | acc stream before → after | acc unseen before → after | I before → after | mean H before → after | class H | top share | agreement | decision |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var scenario in Scenarios)
        {
            using var composition = BankComposition.Open(bank, Granularity.Block, scenario.Exclude is null ? [] : [scenario.Exclude]);
            var condition = ConditionSpec.Parse(scenario.Condition);
            var zero = CoefficientSet.Zero(composition.Bank.Hash, composition.Composer);
            var baseWeights = composition.Composer.Materialize(zero.AlignTo(composition.Bank.Hash, composition.Composer));
            foreach (var setting in Settings)
            {
                var rows = new List<(double Before, double After, double Gain, bool Accepted)>();
                for (int seed = 1; seed <= seeds; seed++)
                {
                    var watch = Stopwatch.StartNew();
                    var stream = condition.Apply(test.Slice(1_000 * seed, frames), seed);
                    var unseen = condition.Apply(test.Slice(8_000, 1_000), seed: 99);
                    var buffer = Feed(composition, baseWeights, stream, seed);
                    var (train, heldOut) = buffer.Snapshot();
                    var objective = registry.Create(setting.Objective);
                    objective.Configure(default(JsonElement));
                    var options = new AdaptationOptions { Bank = bank, Objective = setting.Objective, LearningRate = setting.LearningRate, Epochs = setting.Epochs };
                    var outcome = AdaptationRound.Run(composition, zero, train, heldOut, objective, options, criterion, seed, timings: null, CancellationToken.None);
                    var d = outcome.Decision;
                    double unseenBefore = Accuracy(composition, baseWeights, unseen), unseenAfter = Accuracy(composition, outcome.Weights, unseen);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {scenario.Label} | {setting.Label} | {seed} | {Accuracy(composition, baseWeights, stream):P1} → {Accuracy(composition, outcome.Weights, stream):P1} | " +
                        $"{unseenBefore:P1} → {unseenAfter:P1} | " +
                        $"{d.CurrentInformation:F3} → {d.CandidateInformation:F3} | {d.CurrentEntropy:F3} → {d.CandidateEntropy:F3} | " +
                        $"{d.CurrentClassEntropy:F2} → {d.CandidateClassEntropy:F2} | {d.CurrentTopShare:P0} → {d.CandidateTopShare:P0} | " +
                        $"{d.Agreement.Fraction:P1} ({d.Agreement.ConfidentCount}) | {(d.Accepted ? "accept" : "reject")} |"));
                    Console.Error.WriteLine($"  {scenario.Label} / {setting.Label} / seed {seed}: {watch.Elapsed.TotalSeconds:F1} s; {d.Reason}");
                    rows.Add((unseenBefore, unseenAfter, d.CandidateInformation - d.CurrentInformation, d.Accepted));
                }
                summary.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {scenario.Label} | {setting.Label} | {rows.Average(r => r.Before):P1} → {rows.Average(r => r.After):P1} | " +
                    $"{rows.Min(r => r.After - r.Before) * 100:+0.0;-0.0} … {rows.Max(r => r.After - r.Before) * 100:+0.0;-0.0} | " +
                    $"{rows.Min(r => r.Gain):+0.000;-0.000} … {rows.Max(r => r.Gain):+0.000;-0.000} | {rows.Count(r => r.Accepted)} of {rows.Count} |"));
            }
        }
        Console.WriteLine();
        Console.WriteLine("| condition | setting | mean acc unseen before → after | change, points (min … max) | ΔI, nats (min … max) | accepted |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var line in summary) Console.WriteLine(line);
    }

    /// <summary>Fills a buffer the way the agent's serving loop does: every frame with the served model's predicted class.</summary>
    private static AdaptationBuffer Feed(BankComposition composition, IReadOnlyDictionary<string, float[]> weights, ImageDataset stream, int seed)
    {
        SamplePredictions predictions;
        using (NewDisposeScope()) predictions = SamplePredictions.Measure(composition.Forward, Tensors(composition, weights), stream);
        var buffer = new AdaptationBuffer(new AdaptationBufferOptions { Capacity = 512, Seed = seed });
        var pixels = stream.Pixels.Span;
        int size = stream.ImageSize;
        for (int i = 0; i < stream.Count; i++) buffer.Add(pixels.Slice(i * size, size).ToArray(), predictions.Predicted[i]);
        return buffer;
    }

    private static double Accuracy(BankComposition composition, IReadOnlyDictionary<string, float[]> weights, ImageDataset labeled)
    {
        using var scope = NewDisposeScope();
        return WeightsEvaluator.Evaluate(composition.Forward, Tensors(composition, weights), labeled).Accuracy;
    }

    private static Dictionary<string, Tensor> Tensors(BankComposition composition, IReadOnlyDictionary<string, float[]> weights) =>
        weights.ToDictionary(p => p.Key, p => tensor(p.Value).reshape(composition.Executor.GetInitializer(p.Key).shape), StringComparer.Ordinal);
}
