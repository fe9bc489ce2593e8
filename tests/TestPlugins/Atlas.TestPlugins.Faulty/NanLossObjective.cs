using Atlas.Plugins;
using TorchSharp;

namespace Atlas.TestPlugins.Faulty;

/// <summary>Returns a NaN loss that is still connected to the graph (log of a negative number).</summary>
public sealed class NanLossObjective : FaultyObjectiveBase
{
    /// <inheritdoc />
    public override string Name => "nan-loss";

    /// <inheritdoc />
    public override torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return (batch.Forward(batch.Weak).sum() * 0 - 1).log();
    }
}
