using Atlas.Engine.Composition;
using Atlas.Engine.Data;
using Atlas.Engine.Learning.Objectives;
using Atlas.Plugins;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Atlas.Engine.Learning.Modes;

/// <summary>
/// The four modes of the method (few-shot, task addition, task negation, test-time adaptation) and the baselines,
/// each a thin arrangement of the shared <see cref="Learner"/> loop over a <see cref="BankComposition"/>.
/// </summary>
/// <remarks>Synchronous and thread-bound (TorchSharp); call from a worker thread in async code.</remarks>
public sealed class LearningModes
{
    private readonly BankComposition _composition;
    private readonly LearnerOptions _options;
    private readonly ILogger? _logger;

    /// <param name="composition">The opened bank and composer (its granularity applies to the aTLAS method).</param>
    /// <param name="options">Loop settings; validated.</param>
    /// <param name="logger">Optional logger.</param>
    public LearningModes(BankComposition composition, LearnerOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(composition);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _composition = composition;
        _options = options;
        _logger = logger;
    }

    /// <summary>Receives progress of every run.</summary>
    public IProgress<LearningProgress>? Progress { get; init; }

    /// <summary>Few-shot: cross-entropy on <paramref name="shotsPerClass"/> labeled samples per class.</summary>
    public ModeResult FewShot(ImageDataset labeled, int shotsPerClass, LearningMethod method = LearningMethod.Atlas, CancellationToken cancellationToken = default)
    {
        var shots = FewShotSampler.Select(labeled, shotsPerClass, _options.Seed);
        return Supervised(shots, method, $"{shots.Count} shots ({shotsPerClass} per class)", cancellationToken);
    }

    /// <summary>Task addition: one composition good at every task, by cross-entropy over the union of labeled sets.</summary>
    public ModeResult Addition(IReadOnlyList<ImageDataset> labeledSets, LearningMethod method = LearningMethod.Atlas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labeledSets);
        var union = DatasetUnion.Concat(labeledSets);
        return Supervised(union, method, $"{labeledSets.Count} sets, {union.Count} samples", cancellationToken);
    }

    /// <summary>
    /// Task negation: minimise −CE(target) + CE(control), and stop (reverting the epoch) once control accuracy would
    /// fall below <paramref name="controlFloor"/> × the base model's.
    /// </summary>
    public ModeResult Negation(ImageDataset target, ImageDataset control, double controlFloor = 0.95, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(control);
        int classes = _composition.ClassCount;
        var union = DatasetUnion.Concat([target, control],
            [SupervisedObjective.EncodeNegated(target.Labels ?? throw new ArgumentException("The target data needs labels.", nameof(target)), classes),
             control.Labels?.ToArray() ?? throw new ArgumentException("The control data needs labels.", nameof(control))]);
        using var weights = new CoefficientWeights(_composition.Composer, _options.InitialCoefficient);
        double baseControl = Accuracy(weights, control);
        double floor = controlFloor * baseControl;
        string stop = "ran all epochs";
        EpochDecision Check(int epoch)
        {
            double accuracy = Accuracy(weights, control);
            if (accuracy >= floor) return EpochDecision.Continue;
            stop = $"stopped after epoch {epoch}: control accuracy {accuracy:P1} < {controlFloor:P0} of base {baseControl:P1}; reverted that epoch";
            return EpochDecision.RevertAndStop;
        }
        using var buffer = new DatasetBuffer(union, AugmentationPipeline.Parse(_options.WeakView), null, _options.Seed, union.Labels!.ToArray());
        var result = new Learner(_options, _logger).Run(weights, _composition.Forward, buffer, new SupervisedObjective(), classes, Progress, Check, cancellationToken);
        return AtlasResult(weights, result, stop);
    }

    /// <summary>Test-time adaptation on unlabeled data with an unsupervised objective.</summary>
    /// <param name="unlabeled">The target data; labels, if present, are ignored.</param>
    /// <param name="objective">The loss (e.g. <c>entropy-balanced</c>), configured by the caller.</param>
    /// <param name="method"><see cref="LearningMethod.Atlas"/> or <see cref="LearningMethod.NormAffine"/>.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public ModeResult TestTimeAdaptation(ImageDataset unlabeled, IObjective objective, LearningMethod method = LearningMethod.Atlas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unlabeled);
        ArgumentNullException.ThrowIfNull(objective);
        if (objective.RequiresLabels)
            throw new ArgumentException($"Objective '{objective.Name}' needs labels; test-time adaptation has none.", nameof(objective));
        if (method == LearningMethod.TaskArithmetic)
            throw new ArgumentException("Task arithmetic chooses λ with labels; run it on labeled data (few-shot or addition), not as test-time adaptation.", nameof(method));
        var strong = objective.RequiredViews.HasFlag(ObjectiveViews.Strong) ? AugmentationPipeline.Parse(_options.StrongView) : null;
        using var buffer = new DatasetBuffer(unlabeled, AugmentationPipeline.Parse(_options.WeakView), strong, _options.Seed);
        return Fit(method, buffer, objective, $"objective {objective.Name}", cancellationToken);
    }

    private ModeResult Supervised(ImageDataset labeled, LearningMethod method, string note, CancellationToken cancellationToken)
    {
        if (method == LearningMethod.TaskArithmetic) return TaskArithmetic(labeled);
        using var buffer = new DatasetBuffer(labeled, AugmentationPipeline.Parse(_options.WeakView), null, _options.Seed);
        return Fit(method, buffer, new SupervisedObjective(), note, cancellationToken);
    }

    private ModeResult Fit(LearningMethod method, DatasetBuffer buffer, IObjective objective, string note, CancellationToken cancellationToken)
    {
        var learner = new Learner(_options, _logger);
        if (method == LearningMethod.NormAffine)
        {
            var names = NormalizationParameters.Find(_composition.Bank.BaseModel);
            if (names.Count == 0)
                throw new CompositionException("The base model has no normalisation scale or bias initializers to adapt (norm-affine baseline).");
            using var direct = new DirectWeights(_composition.BaseWeights(names));
            var run = learner.Run(direct, _composition.Forward, buffer, objective, _composition.ClassCount, Progress, cancellationToken: cancellationToken);
            return new ModeResult(method, null, direct.Values(), run, $"{note}; {names.Count} normalisation initializers adapted");
        }
        using var weights = new CoefficientWeights(_composition.Composer, _options.InitialCoefficient);
        var result = learner.Run(weights, _composition.Forward, buffer, objective, _composition.ClassCount, Progress, cancellationToken: cancellationToken);
        return AtlasResult(weights, result, note);
    }

    private ModeResult TaskArithmetic(ImageDataset labeled)
    {
        if (_composition.Composer.Layout.Granularity.Kind != GranularityKind.Global)
            throw new ArgumentException("Task arithmetic needs a composition opened with the global granularity.");
        var (lambda, accuracy) = TaskArithmeticSearch.Search(_composition.Composer, _composition.Forward, labeled);
        var values = _composition.Composer.TaskVectorNames.Select(_ => new[] { lambda }).ToArray();
        var set = new CoefficientSet(_composition.Bank.Hash, _composition.Composer.Layout.Granularity, _composition.Composer.TaskVectorNames, ["global"], values);
        return new ModeResult(LearningMethod.TaskArithmetic, set, _composition.Composer.Materialize(values), null,
            $"λ = {lambda:0.00} chosen by grid search ({accuracy:P1} on {labeled.Count} labeled samples)");
    }

    private ModeResult AtlasResult(CoefficientWeights weights, LearningResult result, string note)
    {
        var set = CoefficientSet.FromTensor(_composition.Bank.Hash, _composition.Composer, weights.Coefficients);
        var composed = _composition.Composer.Materialize(weights.Coefficients);
        return new ModeResult(LearningMethod.Atlas, set, composed, result, note);
    }

    private double Accuracy(CoefficientWeights weights, ImageDataset data)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return WeightsEvaluator.Evaluate(_composition.Forward, weights.Weights(), data).Accuracy;
    }
}
