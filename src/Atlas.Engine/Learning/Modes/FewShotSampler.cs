using Atlas.Engine.Data;

namespace Atlas.Engine.Learning.Modes;

/// <summary>Draws K labeled shots per class, reproducibly for a seed.</summary>
public static class FewShotSampler
{
    /// <summary>
    /// Returns a subset with min(K, available) samples of every class, chosen uniformly at random with the seed.
    /// </summary>
    /// <exception cref="ArgumentException">The data has no labels, or K is not positive.</exception>
    public static ImageDataset Select(ImageDataset data, int shotsPerClass, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasLabels) throw new ArgumentException("Few-shot learning needs labeled data.", nameof(data));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shotsPerClass);
        var random = new Random(seed);
        var labels = data.Labels!;
        var chosen = Enumerable.Range(0, data.Count)
            .GroupBy(i => labels[i])
            .OrderBy(g => g.Key)
            .SelectMany(g =>
            {
                var members = g.ToArray();
                random.Shuffle(members);
                return members.Take(shotsPerClass);
            })
            .ToArray();
        return data.Subset(chosen);
    }
}
