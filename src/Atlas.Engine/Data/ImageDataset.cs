using TorchSharp;

namespace Atlas.Engine.Data;

/// <summary>
/// Images as one contiguous NCHW block of floats in [0, 1], with optional integer class labels. Every reader produces
/// this, so models, conditions and evaluation see one shape of data whatever the file format. Instances are immutable;
/// <see cref="Slice"/> is a view over the same pixels (no copy), so a 60000-image training set is held once.
/// </summary>
public sealed class ImageDataset
{
    private readonly float[] _pixels;
    private readonly int _offset;
    private readonly int[]? _labels;
    private readonly int _labelOffset;

    /// <summary>
    /// Wraps <paramref name="pixels"/> (NCHW, values in [0, 1]; not copied, so the caller must not change it afterwards).
    /// </summary>
    /// <param name="pixels">Count × channels × height × width floats.</param>
    /// <param name="channels">Channels per image (1 grayscale, 3 RGB).</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="labels">One class index per image, or null for unlabeled data (not copied).</param>
    /// <param name="classCount">Number of classes; 0 infers it as the largest label plus one.</param>
    /// <param name="classNames">Optional class names, indexed by label; when given, their count is the class count.</param>
    public ImageDataset(float[] pixels, int channels, int height, int width, int[]? labels = null, int classCount = 0,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        var imageSize = channels * height * width;
        if (pixels.Length % imageSize != 0)
        {
            throw new ArgumentException(
                $"The pixel array holds {pixels.Length} floats, not a multiple of one image ({channels}×{height}×{width} = {imageSize}).",
                nameof(pixels));
        }
        var count = pixels.Length / imageSize;
        if (labels is not null && labels.Length != count)
        {
            throw new ArgumentException($"{labels.Length} labels were given for {count} images.", nameof(labels));
        }
        if (classNames is not null)
        {
            classCount = classNames.Count;
        }
        else if (classCount == 0 && labels is { Length: > 0 })
        {
            classCount = labels.Max() + 1;
        }
        if (labels is not null && labels.Any(l => l < 0 || l >= classCount))
        {
            throw new ArgumentException($"Labels must lie in [0, {classCount}).", nameof(labels));
        }
        _pixels = pixels;
        _labels = labels;
        Count = count;
        Channels = channels;
        Height = height;
        Width = width;
        ClassCount = classCount;
        ClassNames = classNames;
    }

    private ImageDataset(ImageDataset source, int start, int count)
    {
        _pixels = source._pixels;
        _offset = source._offset + (start * source.ImageSize);
        _labels = source._labels;
        _labelOffset = source._labelOffset + start;
        Count = count;
        Channels = source.Channels;
        Height = source.Height;
        Width = source.Width;
        ClassCount = source.ClassCount;
        ClassNames = source.ClassNames;
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Channels per image (1 grayscale, 3 RGB).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Floats per image: channels × height × width.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>Number of classes the labels index (kept by slices, so a slice reports the full label space).</summary>
    public int ClassCount { get; }

    /// <summary>Class names indexed by label, where the source has them (image folders, Fashion-MNIST); otherwise null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Whether every image has a label.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>All pixels, NCHW, values in [0, 1].</summary>
    public ReadOnlyMemory<float> Pixels => _pixels.AsMemory(_offset, Count * ImageSize);

    /// <summary>The labels, one per image, or null for unlabeled data.</summary>
    public IReadOnlyList<int>? Labels => _labels is null ? null : (IReadOnlyList<int>)new ArraySegment<int>(_labels, _labelOffset, Count);

    /// <summary>The images <c>[start, start + count)</c> as a view over the same pixels (no copy).</summary>
    public ImageDataset Slice(int start, int count)
    {
        CheckRange(start, count);
        return new ImageDataset(this, start, count);
    }

    /// <summary>A copy holding the images at <paramref name="indices"/>, in that order (repeats allowed).</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var size = ImageSize;
        var pixels = new float[indices.Count * size];
        var labels = _labels is null ? null : new int[indices.Count];
        var source = Pixels.Span;
        for (var i = 0; i < indices.Count; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {index} at position {i} is outside [0, {Count}).");
            }
            source.Slice(index * size, size).CopyTo(pixels.AsSpan(i * size, size));
            if (labels is not null)
            {
                labels[i] = _labels![_labelOffset + index];
            }
        }
        return new ImageDataset(pixels, Channels, Height, Width, labels, ClassCount, ClassNames);
    }

    /// <summary>Copies images <c>[start, start + count)</c> into a new float32 tensor of shape [count, C, H, W] on the CPU.</summary>
    public torch.Tensor ToTensor(int start, int count)
    {
        CheckRange(start, count);
        var tensor = torch.empty([count, Channels, Height, Width], torch.float32);
        var source = _pixels.AsSpan(_offset + (start * ImageSize), count * ImageSize);
        tensor.data<float>().CopyFrom(source);
        return tensor;
    }

    /// <summary>Copies labels <c>[start, start + count)</c> into a new int64 tensor of shape [count] (class indices for losses).</summary>
    public torch.Tensor LabelsToTensor(int start, int count)
    {
        CheckRange(start, count);
        if (_labels is null)
        {
            throw new InvalidOperationException("This dataset has no labels.");
        }
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = _labels[_labelOffset + start + i];
        }
        return torch.tensor(values, torch.int64);
    }

    /// <summary>A dataset with the same shape, labels and classes but other pixels (used by transforms).</summary>
    internal ImageDataset WithPixels(float[] pixels) =>
        new(pixels, Channels, Height, Width, _labels is null ? null : Labels!.ToArray(), ClassCount, ClassNames);

    private void CheckRange(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Range [{start}, {start + count}) is outside the {Count} images.");
        }
    }
}
