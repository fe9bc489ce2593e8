using System.Globalization;
using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.Objectives.ReliableEntropy;

/// <summary>
/// Entropy on reliable samples only (EATA, Niu et al. 2022; SAR, Niu et al. 2023). A sample is reliable when its
/// entropy is below the margin <c>E0 = marginFactor · ln C</c> (0.4 · ln C by default). With <c>weighting: "eata"</c>
/// (the default) each reliable sample is weighted by <c>exp(E0 − H)</c>, computed without gradient, so confident samples
/// count more; with <c>"sar"</c> reliable samples count equally. The loss is the mean over reliable samples (zero, still
/// connected to the graph, when none is reliable). SAR's sharpness-aware step is the optimiser's business, not the
/// objective's. Collapse signal (SAR): an exponential moving average (factor 0.9) of the reliable samples' mean
/// entropy; when it falls below <c>collapseThreshold</c> (0.2) the model is predicting one class confidently
/// everywhere and <see cref="CollapseDetected"/> asks the host to reset.
/// </summary>
public sealed class ReliableEntropyObjective : IObjective
{
    private const double DefaultMarginFactor = 0.4;
    private const double DefaultCollapseThreshold = 0.2;
    private const double MovingAverageFactor = 0.9;
    private const string EataWeighting = "eata";
    private const string SarWeighting = "sar";

    private readonly Dictionary<string, double> _metrics = [];
    private double _marginFactor = DefaultMarginFactor;
    private double _collapseThreshold = DefaultCollapseThreshold;
    private bool _eataWeights = true;
    private double? _entropyAverage;

    /// <inheritdoc />
    public string Name => "reliable-entropy";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public string Description =>
        "EATA/SAR: entropy of samples below 0.4·ln C only, EATA-weighted; signals collapse when the entropy average falls below 0.2.";

    /// <inheritdoc />
    public bool RequiresLabels => false;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } =
    [
        new("marginFactor", "number", DefaultMarginFactor.ToString(CultureInfo.InvariantCulture),
            "Reliable samples have entropy below marginFactor · ln C; in (0, 1]."),
        new("weighting", "string", $"\"{EataWeighting}\"",
            "\"eata\": weight reliable samples by exp(margin − H) (no gradient); \"sar\": weight them equally."),
        new("collapseThreshold", "number", DefaultCollapseThreshold.ToString(CultureInfo.InvariantCulture),
            "Collapse is signalled when the moving average of the reliable entropy falls below this, in [0, 10]; 0 disables."),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <inheritdoc />
    public bool CollapseDetected => _entropyAverage < _collapseThreshold;

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
        var reader = new ObjectiveOptionsReader(Name, options);
        _marginFactor = reader.GetNumber("marginFactor", DefaultMarginFactor, 1e-6, 1);
        _eataWeights = reader.GetChoice("weighting", EataWeighting, EataWeighting, SarWeighting) == EataWeighting;
        _collapseThreshold = reader.GetNumber("collapseThreshold", DefaultCollapseThreshold, 0, 10);
        reader.ThrowIfInvalid();
    }

    /// <inheritdoc />
    public void Reset() => _entropyAverage = null;

    /// <inheritdoc />
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        var logits = batch.Forward(batch.Weak);
        var logProbabilities = logits.log_softmax(1);
        var entropy = -(logProbabilities.exp() * logProbabilities).sum(dim: 1);
        var margin = _marginFactor * Math.Log(logits.shape[1]);

        var reliable = entropy.detach().lt(margin);
        var keptCount = reliable.sum().item<long>();
        _metrics["keptFraction"] = (double)keptCount / batch.Size;
        _metrics["margin"] = margin;
        if (keptCount == 0)
        {
            _metrics.Remove("reliableEntropy"); // metrics stay finite: they are published as JSON
            return (logits.sum() * 0).MoveToOuterDisposeScope();
        }

        var kept = entropy.masked_select(reliable);
        var weighted = _eataWeights ? kept * (margin - kept.detach()).exp() : kept;
        var loss = weighted.mean();

        var reliableEntropy = kept.detach().mean().ToDouble();
        _entropyAverage = _entropyAverage is { } average
            ? (MovingAverageFactor * average) + ((1 - MovingAverageFactor) * reliableEntropy)
            : reliableEntropy;
        _metrics["reliableEntropy"] = reliableEntropy;
        _metrics["entropyAverage"] = _entropyAverage.Value;
        return loss.MoveToOuterDisposeScope();
    }
}
