using Atlas.Engine.Data;
using Atlas.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// An <see cref="IAdaptationBuffer"/> over an <see cref="ImageDataset"/>: the images are held once as one
/// <c>[N, C, H, W]</c> tensor, and views are augmented afresh on every request with the run's seeded generator.
/// </summary>
public sealed class DatasetBuffer : IAdaptationBuffer, IDisposable
{
    private readonly Tensor _images;
    private readonly Tensor? _labels;
    private readonly AugmentationPipeline _weak;
    private readonly AugmentationPipeline? _strong;
    private readonly Generator _generator;

    /// <param name="dataset">The samples (labels are used in labeled modes).</param>
    /// <param name="weak">The weak view.</param>
    /// <param name="strong">The strong view, or null when no objective needs it.</param>
    /// <param name="seed">Seed of the augmentation randomness.</param>
    /// <param name="labelOverride">Labels to use instead of the dataset's (e.g. encoded for negation).</param>
    public DatasetBuffer(ImageDataset dataset, AugmentationPipeline weak, AugmentationPipeline? strong, int seed, int[]? labelOverride = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(weak);
        _images = dataset.ToTensor(0, dataset.Count);
        var labels = labelOverride ?? dataset.Labels?.ToArray();
        _labels = labels is null ? null : torch.tensor(labels.Select(l => (long)l).ToArray(), dtype: ScalarType.Int64);
        _weak = weak;
        _strong = strong;
        _generator = new Generator((ulong)seed);
        ClassCount = dataset.ClassCount;
    }

    /// <inheritdoc />
    public int Count => (int)_images.shape[0];

    /// <summary>Number of classes of the dataset's labels (0 when unlabeled).</summary>
    public int ClassCount { get; }

    /// <summary>True when labels are available.</summary>
    public bool HasLabels => _labels is not null;

    /// <inheritdoc />
    public ObjectiveSamples GetSamples(IReadOnlyList<int> indices)
    {
        using var index = Index(indices);
        var raw = _images.index_select(0, index);
        var weak = _weak.IsIdentity ? raw : _weak.Apply(raw, _generator);
        var strong = _strong?.Apply(raw, _generator);
        return new ObjectiveSamples(weak, strong);
    }

    /// <summary>The un-augmented images at the indices.</summary>
    public Tensor Raw(IReadOnlyList<int> indices)
    {
        using var index = Index(indices);
        return _images.index_select(0, index);
    }

    /// <summary>Labels <c>[n]</c> (int64) at the indices, or null when unlabeled.</summary>
    public Tensor? Labels(IReadOnlyList<int> indices)
    {
        if (_labels is null) return null;
        using var index = Index(indices);
        return _labels.index_select(0, index);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _images.Dispose();
        _labels?.Dispose();
        _generator.Dispose();
    }

    private Tensor Index(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var values = new long[indices.Count];
        for (int i = 0; i < values.Length; i++)
        {
            int v = indices[i];
            if (v < 0 || v >= Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Index {v} lies outside the buffer of {Count} samples.");
            values[i] = v;
        }
        return torch.tensor(values, dtype: ScalarType.Int64);
    }
}
