using TorchSharp;

namespace Atlas.Plugins.Tests.Objectives;

/// <summary>
/// Batches for objective tests. With <see cref="OfLogits"/> the "model" is the identity, so the weak and strong
/// views ARE the logits and a test can compute the expected loss by hand from the numbers it wrote down.
/// </summary>
internal static class Batches
{
    public static torch.Tensor Tensor(double[,] values) => torch.tensor(values, dtype: torch.ScalarType.Float64);

    public static ObjectiveBatch OfLogits(
        double[,] weak, double[,]? strong = null, long[]? labels = null, int epoch = 0, int totalEpochs = 1,
        IAdaptationBuffer? buffer = null, int seed = 1)
    {
        var weakTensor = Tensor(weak);
        var size = weak.GetLength(0);
        return new ObjectiveBatch
        {
            Weak = weakTensor,
            Strong = strong is null ? null : Tensor(strong),
            Labels = labels is null ? null : torch.tensor(labels),
            Forward = x => x.alias(),
            ClassCount = weak.GetLength(1),
            Step = 0,
            Epoch = epoch,
            TotalEpochs = totalEpochs,
            Indices = [.. Enumerable.Range(0, size)],
            Buffer = buffer ?? new RecordingBuffer(weakTensor, strong is null ? null : Tensor(strong)),
            Random = new Random(seed),
        };
    }
}
