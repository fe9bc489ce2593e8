using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.TestPlugins.Faulty;

/// <summary>Shared metadata for the misbehaving test objectives; each subclass breaks in one way.</summary>
public abstract class FaultyObjectiveBase : IObjective
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public Version Version { get; } = new(0, 1);

    /// <inheritdoc />
    public string Description => "Misbehaves on purpose (test plugin).";

    /// <inheritdoc />
    public bool RequiresLabels => false;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } = [];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
    }

    /// <inheritdoc />
    public abstract torch.Tensor ComputeLoss(ObjectiveBatch batch);
}
