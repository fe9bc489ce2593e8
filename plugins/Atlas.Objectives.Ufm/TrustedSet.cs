using TorchSharp;

namespace Atlas.Objectives.Ufm;

/// <summary>
/// UFM's class-balanced trusted set: for every predicted class, the <c>k</c> samples the model is most confident
/// about, with <c>k = max(1, min(⌊N / C / 10⌋, maxPerClass))</c>. Their predicted classes serve as hard labels. A class
/// with fewer than k predicted samples contributes all it has; a class nobody predicts contributes none.
/// </summary>
internal sealed class TrustedSet
{
    private readonly int[] _indices;
    private readonly long[] _labels;

    private TrustedSet(int[] indices, long[] labels)
    {
        _indices = indices;
        _labels = labels;
    }

    /// <summary>The set before the first epoch hook: empty, so UFM trains on the batch alone.</summary>
    public static TrustedSet Empty { get; } = new([], []);

    public int Count => _indices.Length;

    /// <summary>Chooses the set from buffer logits <c>[N, C]</c> (row i is buffer index i).</summary>
    public static TrustedSet Choose(torch.Tensor bufferLogits, int maxPerClass)
    {
        using var scope = torch.NewDisposeScope();
        var sampleCount = (int)bufferLogits.shape[0];
        var classCount = (int)bufferLogits.shape[1];
        var perClass = PerClass(sampleCount, classCount, maxPerClass);
        var (confidence, predicted) = bufferLogits.detach().softmax(1).max(1);
        var confidences = confidence.to_type(torch.ScalarType.Float32).cpu().data<float>().ToArray();
        var predictions = predicted.cpu().data<long>().ToArray();

        var chosen = Enumerable.Range(0, sampleCount)
            .GroupBy(i => predictions[i])
            .SelectMany(g => g.OrderByDescending(i => confidences[i]).ThenBy(i => i).Take(perClass))
            .OrderBy(i => i)
            .ToArray();
        return new TrustedSet(chosen, [.. chosen.Select(i => predictions[i])]);
    }

    /// <summary>k = max(1, min(⌊N / C / 10⌋, maxPerClass)), as in method.md.</summary>
    public static int PerClass(int sampleCount, int classCount, int maxPerClass) =>
        Math.Max(1, Math.Min(sampleCount / classCount / 10, maxPerClass));

    /// <summary>Draws <paramref name="count"/> members: without replacement while the set is large enough.</summary>
    public (int[] Indices, long[] Labels) Draw(int count, Random random)
    {
        var positions = count <= _indices.Length
            ? Shuffle(_indices.Length, random)[..count]
            : [.. Enumerable.Range(0, count).Select(_ => random.Next(_indices.Length))];
        return ([.. positions.Select(p => _indices[p])], [.. positions.Select(p => _labels[p])]);
    }

    private static int[] Shuffle(int length, Random random)
    {
        var order = Enumerable.Range(0, length).ToArray();
        random.Shuffle(order);
        return order;
    }
}
