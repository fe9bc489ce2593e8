using Atlas.Plugins;
using TorchSharp;

namespace Atlas.TestPlugins.Faulty;

/// <summary>Throws while being constructed: the loader reports it and still loads the assembly's other objectives.</summary>
public sealed class ThrowingConstructorObjective : FaultyObjectiveBase
{
    /// <summary>Always throws.</summary>
    public ThrowingConstructorObjective() => throw new InvalidOperationException("deliberate failure in a plugin constructor");

    /// <inheritdoc />
    public override string Name => "throws-at-load";

    /// <inheritdoc />
    public override torch.Tensor ComputeLoss(ObjectiveBatch batch) => throw new NotSupportedException();
}
