using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

// Claims a contract major version the host does not implement: the loader must refuse it before touching any type.
[assembly: AtlasPlugin(ContractVersion.Major + 1, 0)]

namespace Atlas.TestPlugins.Incompatible;

/// <summary>A well-formed objective inside an assembly built for a future contract.</summary>
public sealed class FutureObjective : IObjective
{
    /// <inheritdoc />
    public string Name => "from-the-future";

    /// <inheritdoc />
    public Version Version { get; } = new(9, 0);

    /// <inheritdoc />
    public string Description => "Never loads: built for another contract.";

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
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Forward(batch.Weak).sum();
    }
}
