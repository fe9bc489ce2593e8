using System.Diagnostics;
using Atlas.Engine.Composition;
using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Modes;
using Atlas.Engine.Learning.Objectives;
using Atlas.Engine.Plugins;
using Atlas.Engine.Samples;
using Atlas.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Experiments;

/// <summary>
/// Runs the learning experiments of docs/results.md on the shipped sample: test-time adaptation and few-shot learning
/// on held-out conditions (the target's own task vector excluded from the bank), and task addition over all
/// conditions, each method against the base, task arithmetic and a conventional baseline, averaged over seeds.
/// </summary>
public sealed class ExperimentRunner
{
    private const string DefaultObjective = "entropy-balanced";
    private readonly ExperimentOptions _options;
    private readonly ObjectiveRegistry _objectives;
    private readonly Action<string> _log;
    private readonly SampleManifest _manifest;
    private readonly string _bank;

    /// <param name="options">The protocol; normalised and validated here.</param>
    /// <param name="objectives">Where TTA objectives come from (the built-in plugins).</param>
    /// <param name="log">Receives one line per finished run.</param>
    public ExperimentRunner(ExperimentOptions options, ObjectiveRegistry objectives, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(objectives);
        options.Normalize();
        _options = options;
        _objectives = objectives;
        _log = log ?? (_ => { });
        _manifest = SampleManifest.Read(options.SampleDirectory);
        _bank = Path.Combine(options.SampleDirectory, _manifest.Bank);
    }

    /// <summary>Runs everything. Synchronous (TorchSharp is thread-bound).</summary>
    public ExperimentReport Run(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var target = DataSpec.Parse($"fashion-mnist:test[0:{_options.TargetCount}]").Load();
        var validation = DataSpec.Parse($"fashion-mnist:train[55000:{55000 + _options.ValidationCount}]").Load();
        var targets = _manifest.Conditions.ToDictionary(c => c.Name, c => c.Condition.Apply(target, _manifest.EvaluationSeed), StringComparer.Ordinal);
        var validations = _manifest.Conditions.ToDictionary(c => c.Name, c => c.Condition.Apply(validation, _manifest.EvaluationSeed + 1), StringComparer.Ordinal);

        var baseAccuracy = BaseAccuracies(targets);
        var heldOut = baseAccuracy.Where(p => p.Value < _options.HeldOutBelow).OrderBy(p => p.Value)
            .Take(_options.HeldOutConditions).Select(p => p.Key).ToArray();
        if (heldOut.Length == 0)
            throw new InvalidOperationException($"No condition drops the base below {_options.HeldOutBelow:P0}; nothing to hold out.");
        _log($"held out: {string.Join(", ", heldOut.Select(h => $"{h} (base {baseAccuracy[h]:P1})"))}");

        var tables = new List<ResultTable>
        {
            TestTimeAdaptation(heldOut, targets, validations, cancellationToken),
            FewShot(heldOut, targets, validations, cancellationToken),
            Addition(targets, validations, cancellationToken),
        };
        return new ExperimentReport(tables, heldOut, _options, clock.Elapsed);
    }

    private Dictionary<string, double> BaseAccuracies(Dictionary<string, ImageDataset> targets)
    {
        using var composition = BankComposition.Open(_bank, Granularity.Block);
        using var scope = torch.NewDisposeScope();
        var zero = Weights(composition, Zero(composition));
        return targets.ToDictionary(p => p.Key, p => WeightsEvaluator.Evaluate(composition.Forward, zero, p.Value).Accuracy, StringComparer.Ordinal);
    }

    private ResultTable TestTimeAdaptation(string[] heldOut, Dictionary<string, ImageDataset> targets, Dictionary<string, ImageDataset> validations, CancellationToken ct)
    {
        var rows = new Dictionary<string, List<double>[]>(StringComparer.Ordinal);
        void Add(string method, int column, double accuracy)
        {
            if (!rows.TryGetValue(method, out var columns))
                rows[method] = columns = Enumerable.Range(0, heldOut.Length).Select(_ => new List<double>()).ToArray();
            columns[column].Add(accuracy);
            _log($"tta {heldOut[column]} {method}: {accuracy:P2}");
        }

        for (int c = 0; c < heldOut.Length; c++)
        {
            var condition = heldOut[c];
            var data = targets[condition];
            for (int seed = 0; seed < _options.Seeds; seed++)
            {
                ct.ThrowIfCancellationRequested();
                using (var global = BankComposition.Open(_bank, Granularity.Parse("global"), [condition]))
                {
                    Add("base (no adaptation)", c, Evaluate(global, Zero(global), data));
                    var arithmetic = new LearningModes(global, Options(seed)).FewShot(validations[condition], int.MaxValue, LearningMethod.TaskArithmetic, ct);
                    Add("task arithmetic (λ by grid on labeled validation)", c, Evaluate(global, arithmetic.Weights, data));
                    Add("norm-affine, TENT-style (entropy-balanced)", c, Tta(global, data, DefaultObjective, LearningMethod.NormAffine, seed, ct));
                    Add("aTLAS global (entropy-balanced)", c, Tta(global, data, DefaultObjective, LearningMethod.Atlas, seed, ct));
                }
                using (var block = BankComposition.Open(_bank, Granularity.Block, [condition]))
                {
                    Add("aTLAS block (entropy-balanced, default)", c, Tta(block, data, DefaultObjective, LearningMethod.Atlas, seed, ct));
                    Add("aTLAS block (entropy)", c, Tta(block, data, "entropy", LearningMethod.Atlas, seed, ct));
                    Add("aTLAS block (ufm)", c, Tta(block, data, "ufm", LearningMethod.Atlas, seed, ct));
                }
                using (var partitioned = BankComposition.Open(_bank, Granularity.Parse("block:4"), [condition]))
                {
                    Add("aTLAS block:4 (entropy-balanced)", c, Tta(partitioned, data, DefaultObjective, LearningMethod.Atlas, seed, ct));
                }
            }
        }
        return Table("Test-time adaptation on held-out conditions", heldOut, rows,
            $"Unlabeled adaptation on the first {_options.TargetCount} Fashion-MNIST test images under each held-out condition, accuracy on the same images; " +
            $"the condition's own task vector is excluded from the bank; {_options.TtaEpochs} epochs, lr {_options.TtaLearningRate}, batch 128, AdamW wd 0.1, identity weak view, " +
            $"crop+flip+jitter strong view (UFM); task arithmetic chooses λ on {_options.ValidationCount} labeled validation images (train[55000:]) under the condition.");
    }

    private ResultTable FewShot(string[] heldOut, Dictionary<string, ImageDataset> targets, Dictionary<string, ImageDataset> validations, CancellationToken ct)
    {
        var shots = _options.Shots.ToArray();
        var rows = new Dictionary<string, List<double>[]>(StringComparer.Ordinal);
        void Add(string method, int column, double accuracy)
        {
            if (!rows.TryGetValue(method, out var columns))
                rows[method] = columns = Enumerable.Range(0, shots.Length).Select(_ => new List<double>()).ToArray();
            columns[column].Add(accuracy);
        }

        foreach (var condition in heldOut)
        {
            var data = targets[condition];
            for (int k = 0; k < shots.Length; k++)
            {
                for (int seed = 0; seed < _options.Seeds; seed++)
                {
                    ct.ThrowIfCancellationRequested();
                    var options = Options(seed, learningRate: 0.1, epochs: 10, LearningSchedule.Cosine);
                    var sample = FewShotSampler.Select(validations[condition], shots[k], seed);
                    using (var global = BankComposition.Open(_bank, Granularity.Parse("global"), [condition]))
                    {
                        Add("base (no adaptation)", k, Evaluate(global, Zero(global), data));
                        var arithmetic = new LearningModes(global, options).FewShot(sample, int.MaxValue, LearningMethod.TaskArithmetic, ct);
                        Add("task arithmetic (λ by grid on the shots)", k, Evaluate(global, arithmetic.Weights, data));
                        Add("linear probe (head only, cross-entropy)", k, LinearProbe(global, sample, data, options, ct));
                        Add("aTLAS global", k, Evaluate(global, new LearningModes(global, options).FewShot(sample, int.MaxValue, LearningMethod.Atlas, ct).Weights, data));
                    }
                    using (var block = BankComposition.Open(_bank, Granularity.Block, [condition]))
                        Add("aTLAS block", k, Evaluate(block, new LearningModes(block, options).FewShot(sample, int.MaxValue, LearningMethod.Atlas, ct).Weights, data));
                    using (var partitioned = BankComposition.Open(_bank, Granularity.Parse("block:4"), [condition]))
                        Add("aTLAS block:4", k, Evaluate(partitioned, new LearningModes(partitioned, options).FewShot(sample, int.MaxValue, LearningMethod.Atlas, ct).Weights, data));
                }
                _log($"few-shot {condition} k={shots[k]}: {string.Join(", ", rows.Select(r => $"{r.Key} {r.Value[k][^1]:P1}"))}");
            }
        }
        return Table("Few-shot learning on held-out conditions (mean over the held-out conditions)", [.. shots.Select(k => $"K = {k}")], rows,
            $"K labeled shots per class drawn from {_options.ValidationCount} validation images under the condition; accuracy on the {_options.TargetCount} target images; " +
            "lr 0.1, 10 epochs, cosine, batch 128, AdamW wd 0.1; the condition's own task vector is excluded; the linear probe trains the classifier head " +
            "with the same loop and settings. Here ± spans the held-out conditions as well as the seeds (the conditions differ far more than the seeds).");
    }

    private ResultTable Addition(Dictionary<string, ImageDataset> targets, Dictionary<string, ImageDataset> validations, CancellationToken ct)
    {
        var names = _manifest.Conditions.Select(c => c.Name).ToArray();
        var columns = names.Append("mean").Append("normalised mean").ToArray();
        var rows = new Dictionary<string, List<double>[]>(StringComparer.Ordinal);
        var expert = new double[names.Length];
        using (var block = BankComposition.Open(_bank, Granularity.Block))
        {
            for (int i = 0; i < names.Length; i++)
            {
                // The expert for condition i alone: λ = 1 on its own task vector, 0 elsewhere.
                var values = block.Composer.TaskVectorNames.Select(n => Enumerable.Repeat(n == names[i] ? 1f : 0f, block.Composer.Layout.Groups.Count).ToArray()).ToArray();
                expert[i] = Evaluate(block, block.Composer.Materialize(values), targets[names[i]]);
            }
        }
        void AddRun(string method, BankComposition composition, IReadOnlyDictionary<string, float[]> weights)
        {
            if (!rows.TryGetValue(method, out var cells))
                rows[method] = cells = Enumerable.Range(0, columns.Length).Select(_ => new List<double>()).ToArray();
            var accuracies = names.Select(n => Evaluate(composition, weights, targets[n])).ToArray();
            for (int i = 0; i < names.Length; i++) cells[i].Add(accuracies[i]);
            cells[names.Length].Add(accuracies.Average());
            cells[names.Length + 1].Add(accuracies.Select((a, i) => a / expert[i]).Average());
            _log($"addition {method}: mean {accuracies.Average():P2}");
        }

        rows["fine-tuned experts (each on its own condition)"] = columns.Select((_, i) => new List<double>
        {
            i < names.Length ? expert[i] : i == names.Length ? expert.Average() : 1.0,
        }).ToArray();
        for (int seed = 0; seed < _options.Seeds; seed++)
        {
            ct.ThrowIfCancellationRequested();
            var sets = names.Select(n => validations[n].Slice(0, Math.Min(_options.AdditionPerTask, validations[n].Count))).ToArray();
            var options = Options(seed, learningRate: 0.01, epochs: _options.AdditionEpochs, LearningSchedule.Constant);
            using (var global = BankComposition.Open(_bank, Granularity.Parse("global")))
            {
                AddRun("base (no composition)", global, global.Composer.Materialize(Zero(global)));
                var modes = new LearningModes(global, options);
                AddRun("task arithmetic (λ by grid)", global, modes.Addition(sets, LearningMethod.TaskArithmetic, ct).Weights);
                AddRun("aTLAS global (learned isotropic)", global, modes.Addition(sets, LearningMethod.Atlas, ct).Weights);
            }
            using (var block = BankComposition.Open(_bank, Granularity.Block))
                AddRun("aTLAS block", block, new LearningModes(block, options).Addition(sets, LearningMethod.Atlas, ct).Weights);
            using (var partitioned = BankComposition.Open(_bank, Granularity.Parse("block:4")))
                AddRun("aTLAS block:4", partitioned, new LearningModes(partitioned, options).Addition(sets, LearningMethod.Atlas, ct).Weights);
        }
        return Table("Task addition over all conditions", columns, rows,
            $"One composition of every task vector learned on {_options.AdditionPerTask} labeled validation images per condition (cross-entropy on their union, " +
            $"lr 0.01, {_options.AdditionEpochs} epochs, constant, batch 128); accuracy on the {_options.TargetCount} target images under each condition; normalised = accuracy / the " +
            "condition's fine-tuned expert.");
    }

    private double Tta(BankComposition composition, ImageDataset data, string objectiveName, LearningMethod method, int seed, CancellationToken ct)
    {
        var objective = _objectives.Create(objectiveName);
        objective.Configure(default);
        var options = Options(seed, learningRate: _options.TtaLearningRate, epochs: _options.TtaEpochs, LearningSchedule.Constant);
        var result = new LearningModes(composition, options).TestTimeAdaptation(data, objective, method, ct);
        return Evaluate(composition, result.Weights, data);
    }

    private static double LinearProbe(BankComposition composition, ImageDataset shots, ImageDataset data, LearnerOptions options, CancellationToken ct)
    {
        var head = HeadParameters.Find(composition.Bank.BaseModel);
        using var weights = new DirectWeights(composition.BaseWeights(head));
        using var buffer = new DatasetBuffer(shots, AugmentationPipeline.Identity, null, options.Seed);
        new Learner(options).Run(weights, composition.Forward, buffer, new SupervisedObjective(), composition.ClassCount, cancellationToken: ct);
        return Evaluate(composition, weights.Values(), data);
    }

    private static LearnerOptions Options(int seed, double learningRate = 1e-3, int epochs = 10, LearningSchedule schedule = LearningSchedule.Constant) =>
        new() { Seed = seed, LearningRate = learningRate, Epochs = epochs, Schedule = schedule, BatchSize = 128 };

    private static float[][] Zero(BankComposition composition) =>
        composition.Composer.TaskVectorNames.Select(_ => new float[composition.Composer.Layout.Groups.Count]).ToArray();

    private static double Evaluate(BankComposition composition, float[][] coefficients, ImageDataset data) =>
        Evaluate(composition, composition.Composer.Materialize(coefficients), data);

    private static double Evaluate(BankComposition composition, IReadOnlyDictionary<string, float[]> weights, ImageDataset data)
    {
        using var scope = torch.NewDisposeScope();
        return WeightsEvaluator.Evaluate(composition.Forward, Weights(composition, weights), data).Accuracy;
    }

    private static Dictionary<string, Tensor> Weights(BankComposition composition, float[][] coefficients) =>
        Weights(composition, composition.Composer.Materialize(coefficients));

    private static Dictionary<string, Tensor> Weights(BankComposition composition, IReadOnlyDictionary<string, float[]> weights) =>
        weights.ToDictionary(p => p.Key, p => torch.tensor(p.Value).reshape(composition.Executor.GetInitializer(p.Key).shape), StringComparer.Ordinal);

    /// <summary>Makes a table; one with several condition columns and no mean column gets a mean column per run.</summary>
    private static ResultTable Table(string title, string[] columns, Dictionary<string, List<double>[]> rows, string notes)
    {
        var tableRows = rows.Select(r => new ResultRow(r.Key, r.Value.Select(v => (IReadOnlyList<double>)v.ToArray()).ToArray())).ToList();
        if (columns.Length > 1 && tableRows.All(r => r.Values.Count == columns.Length) && !columns.Contains("mean"))
        {
            // Append a mean column over the table's columns (per seed-aligned run order).
            tableRows = tableRows.Select(r => new ResultRow(r.Method, r.Values.Append(
                Enumerable.Range(0, r.Values.Min(v => v.Count)).Select(i => r.Values.Average(v => v[i])).ToArray()).ToArray())).ToList();
            columns = columns.Append("mean").ToArray();
        }
        return new ResultTable(title, columns, tableRows, notes);
    }
}
