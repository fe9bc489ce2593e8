using Atlas.Plugins;
using TorchSharp;

namespace Atlas.TestPlugins.Faulty;

/// <summary>
/// Blocks in its first step until the process ends (waits on an event nobody sets): a step that never returns, which a
/// host can only abandon, never interrupt.
/// </summary>
public sealed class BlockingStepObjective : FaultyObjectiveBase
{
    private static readonly ManualResetEventSlim Never = new(false);

    /// <inheritdoc />
    public override string Name => "blocks-in-step";

    /// <inheritdoc />
    public override torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Never.Wait();
        return batch.Forward(batch.Weak).softmax(1).max().neg();
    }
}
