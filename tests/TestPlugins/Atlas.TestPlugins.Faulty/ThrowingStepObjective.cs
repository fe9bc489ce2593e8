using Atlas.Plugins;
using TorchSharp;

namespace Atlas.TestPlugins.Faulty;

/// <summary>Throws from every step.</summary>
public sealed class ThrowingStepObjective : FaultyObjectiveBase
{
    /// <inheritdoc />
    public override string Name => "throws-in-step";

    /// <inheritdoc />
    public override torch.Tensor ComputeLoss(ObjectiveBatch batch) =>
        throw new InvalidOperationException("deliberate failure inside a plugin step");
}
