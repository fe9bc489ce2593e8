using Atlas.Engine.Data;

namespace Atlas.Engine.Learning.Modes;

/// <summary>Concatenates labeled datasets of one image shape (task addition trains on the union of several sets).</summary>
internal static class DatasetUnion
{
    public static ImageDataset Concat(IReadOnlyList<ImageDataset> sets, IReadOnlyList<int[]>? labelOverrides = null)
    {
        if (sets.Count == 0) throw new ArgumentException("At least one dataset is needed.", nameof(sets));
        var first = sets[0];
        var mismatch = sets.FirstOrDefault(s => s.Channels != first.Channels || s.Height != first.Height || s.Width != first.Width);
        if (mismatch is not null)
        {
            throw new ArgumentException(
                $"Datasets differ in image shape: {first.Channels}×{first.Height}×{first.Width} vs {mismatch.Channels}×{mismatch.Height}×{mismatch.Width}.", nameof(sets));
        }
        var pixels = new float[sets.Sum(s => s.Count) * first.ImageSize];
        var labels = new List<int>();
        int offset = 0;
        for (int i = 0; i < sets.Count; i++)
        {
            sets[i].Pixels.Span.CopyTo(pixels.AsSpan(offset));
            offset += sets[i].Pixels.Length;
            labels.AddRange(labelOverrides?[i] ?? sets[i].Labels ?? throw new ArgumentException($"Dataset {i} has no labels.", nameof(sets)));
        }
        int classCount = sets.Max(s => s.ClassCount);
        return new ImageDataset(pixels, first.Channels, first.Height, first.Width, labels.ToArray(), Math.Max(classCount, labels.Max() + 1));
    }
}
