using Atlas.Plugins;
using TorchSharp;

namespace Atlas.TestPlugins.Faulty;

/// <summary>Hangs for a second in every step before returning a valid loss: trips a host's step time limit.</summary>
public sealed class SlowStepObjective : FaultyObjectiveBase
{
    /// <summary>How long each step blocks.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public override string Name => "hangs-in-step";

    /// <inheritdoc />
    public override torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Thread.Sleep(Delay);
        return batch.Forward(batch.Weak).softmax(1).max().neg();
    }
}
