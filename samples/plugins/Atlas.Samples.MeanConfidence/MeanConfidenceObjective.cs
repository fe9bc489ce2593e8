using System.Globalization;
using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.Samples.MeanConfidence;

/// <summary>
/// A sample objective: maximise the mean confidence (top-1 probability) of the predictions,
/// <c>loss = −mean_i max_c softmax(logits_i / T)_c</c>. A gentler cousin of entropy minimisation; it exists to show
/// the shape of a plugin, not to win benchmarks.
/// </summary>
public sealed class MeanConfidenceObjective : IObjective
{
    private const double DefaultTemperature = 1.0;
    private readonly Dictionary<string, double> _metrics = [];
    private double _temperature = DefaultTemperature;

    /// <inheritdoc />
    public string Name => "mean-confidence";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public string Description => "Sample plugin: maximises the mean top-1 probability of the weak view.";

    /// <inheritdoc />
    public bool RequiresLabels => false;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } =
    [
        new("temperature", "number", DefaultTemperature.ToString(CultureInfo.InvariantCulture),
            "Softmax temperature T, in [0.05, 20]."),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
        var reader = new ObjectiveOptionsReader(Name, options);
        _temperature = reader.GetNumber("temperature", DefaultTemperature, 0.05, 20);
        reader.ThrowIfInvalid();
    }

    /// <inheritdoc />
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Temporaries die with the scope; only the loss moves out to the host's scope.
        using var scope = torch.NewDisposeScope();
        var probabilities = (batch.Forward(batch.Weak) / _temperature).softmax(1);
        var confidence = probabilities.max(1).values.mean();
        _metrics["meanConfidence"] = confidence.ToDouble();
        return (-confidence).MoveToOuterDisposeScope();
    }
}
