using System.Text.Json;
using TorchSharp;

namespace Atlas.Plugins.Tests.Loading;

/// <summary>An in-test objective whose loss is a lambda, with switches to misbehave in the optional members.</summary>
internal sealed class InlineObjective(Func<ObjectiveBatch, torch.Tensor> loss) : IObjective
{
    public bool ThrowFromMetrics { get; init; }

    public bool ThrowFromEpochStart { get; init; }

    public Dictionary<string, double> FixedMetrics { get; init; } = [];

    public string Name => "inline";

    public Version Version { get; } = new(0, 0, 1);

    public string Description => "Test objective.";

    public bool RequiresLabels => false;

    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } = [];

    public IReadOnlyDictionary<string, double> Metrics =>
        ThrowFromMetrics ? throw new InvalidOperationException("metrics broke") : FixedMetrics;

    public bool CollapseDetected => ThrowFromMetrics ? throw new InvalidOperationException("collapse broke") : false;

    public void Configure(JsonElement options) => new ObjectiveOptionsReader(Name, options).ThrowIfInvalid();

    public torch.Tensor ComputeLoss(ObjectiveBatch batch) => loss(batch);

    public void OnEpochStart(EpochContext context)
    {
        if (ThrowFromEpochStart)
        {
            throw new InvalidOperationException("epoch hook broke");
        }
    }
}
