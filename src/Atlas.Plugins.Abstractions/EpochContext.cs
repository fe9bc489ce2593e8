using TorchSharp;

namespace Atlas.Plugins;

/// <summary>
/// What an objective sees at the start of each epoch (see <see cref="IObjective.OnEpochStart"/>): the schedule
/// position and, on demand, the current model's predictions over the whole adaptation buffer.
/// </summary>
public sealed class EpochContext
{
    private readonly Func<torch.Tensor> _computeBufferLogits;

    /// <summary>Creates the context; the host supplies how to predict the buffer, and runs it only if asked.</summary>
    /// <param name="computeBufferLogits">Returns <c>[Buffer.Count, ClassCount]</c> logits without gradient.</param>
    public EpochContext(Func<torch.Tensor> computeBufferLogits)
    {
        ArgumentNullException.ThrowIfNull(computeBufferLogits);
        _computeBufferLogits = computeBufferLogits;
    }

    /// <summary>The epoch about to start, counted from 0.</summary>
    public required int Epoch { get; init; }

    /// <summary>The number of epochs of the run (at least 1).</summary>
    public required int TotalEpochs { get; init; }

    /// <summary>The number of classes the model predicts.</summary>
    public required int ClassCount { get; init; }

    /// <summary>The adaptation buffer the epoch iterates over.</summary>
    public required IAdaptationBuffer Buffer { get; init; }

    /// <summary>
    /// Predicts every sample of the buffer with the current composition: logits <c>[Buffer.Count, ClassCount]</c> of
    /// the weak view, without gradient, row <c>i</c> for buffer index <c>i</c>. Costs one pass over the buffer, which
    /// is why it is computed only when an objective asks. The tensor is created in the caller's dispose scope.
    /// </summary>
    public torch.Tensor ComputeBufferLogits() => _computeBufferLogits();
}
