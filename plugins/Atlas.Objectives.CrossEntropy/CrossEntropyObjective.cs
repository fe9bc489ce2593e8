using System.Globalization;
using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.Objectives.CrossEntropy;

/// <summary>
/// Supervised cross-entropy on the weak view, <c>mean_i −log softmax(logits_i)[y_i]</c>, optionally with label
/// smoothing. The objective of the labeled modes (few-shot, task addition, negation's terms).
/// </summary>
public sealed class CrossEntropyObjective : IObjective
{
    private const double DefaultLabelSmoothing = 0.0;
    private readonly Dictionary<string, double> _metrics = [];
    private double _labelSmoothing = DefaultLabelSmoothing;

    /// <inheritdoc />
    public string Name => "cross-entropy";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public string Description => "Supervised cross-entropy on labeled samples (few-shot, task addition).";

    /// <inheritdoc />
    public bool RequiresLabels => true;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } =
    [
        new("labelSmoothing", "number", DefaultLabelSmoothing.ToString(CultureInfo.InvariantCulture),
            "Label smoothing ε in [0, 0.5]: the target puts 1−ε on the label and ε spread uniformly over all classes."),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
        var reader = new ObjectiveOptionsReader(Name, options);
        _labelSmoothing = reader.GetNumber("labelSmoothing", DefaultLabelSmoothing, 0, 0.5);
        reader.ThrowIfInvalid();
    }

    /// <inheritdoc />
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var labels = batch.Labels ?? throw new InvalidOperationException(
            $"Objective '{Name}' needs labels, but the batch at step {batch.Step} has none (it is a labeled-mode objective).");
        using var scope = torch.NewDisposeScope();
        var logits = batch.Forward(batch.Weak);
        var loss = torch.nn.functional.cross_entropy(logits, labels, label_smoothing: _labelSmoothing);
        var correct = logits.argmax(1).eq(labels).to_type(torch.ScalarType.Float32).mean();
        _metrics["crossEntropy"] = loss.ToDouble();
        _metrics["accuracy"] = correct.ToDouble();
        return loss.MoveToOuterDisposeScope();
    }
}
