using System.Globalization;
using Atlas.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// A camera condition written as one string, e.g. <c>fog</c>, <c>dark:4</c> or <c>dark+noise:2</c>: transforms joined by
/// <c>+</c> and applied left to right, each with an optional severity from 1 to 5 (default 3). Applying a spec is
/// deterministic: the same images and seed always give the same output, and every result is clamped to [0, 1].
/// </summary>
public sealed class ConditionSpec
{
    /// <summary>Images per chunk when a whole dataset is transformed; fixed so results do not depend on batch sizes.</summary>
    internal const int DatasetChunk = 256;

    private ConditionSpec(IReadOnlyList<ConditionStep> steps) => Steps = steps;

    /// <summary>The identity condition.</summary>
    public static ConditionSpec Clean { get; } = Parse("clean");

    /// <summary>Canonical names of every known transform, in the order they are documented.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = CameraTransforms.All.Select(t => t.Name).ToArray();

    /// <summary>The transforms in application order.</summary>
    public IReadOnlyList<ConditionStep> Steps { get; }

    /// <summary>True when applying the spec leaves images unchanged.</summary>
    public bool IsClean => Steps.All(s => s.Transform is CleanTransform);

    /// <summary>Parses a spec; a <see cref="FormatException"/> names the bad part and lists the known names.</summary>
    public static ConditionSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<ConditionStep>();
        foreach (var part in text.Split('+', StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? part : part[..colon].Trim();
            if (!CameraTransforms.TryGet(name, out var transform))
            {
                throw new FormatException(
                    $"Condition '{text}': '{name}' is not a known condition. Known: {string.Join(", ", KnownNames)} " +
                    "(join with '+', add ':1' to ':5' for severity).");
            }
            var severity = Severity.Default;
            if (colon >= 0 && (!int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out severity)
                || severity is < Severity.Min or > Severity.Max))
            {
                throw new FormatException(
                    $"Condition '{text}': severity '{part[(colon + 1)..]}' of '{name}' must be an integer from {Severity.Min} to {Severity.Max}.");
            }
            steps.Add(new ConditionStep(transform, severity));
        }
        return new ConditionSpec(steps);
    }

    /// <summary>
    /// Applies the condition to a batch. Randomness comes only from <paramref name="seed"/> (each step draws from its
    /// own derived generator), so equal inputs and seeds give equal outputs.
    /// </summary>
    /// <param name="images">Float32 [N, C, H, W] in [0, 1] on the CPU; not modified.</param>
    /// <param name="seed">Any integer.</param>
    /// <returns>A new tensor of the same shape, clamped to [0, 1]; the caller disposes it.</returns>
    public Tensor Apply(Tensor images, long seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.dtype != ScalarType.Float32)
        {
            throw new ArgumentException(
                $"Conditions take float32 images [N, C, H, W]; got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        }
        using var scope = NewDisposeScope();
        var current = images;
        for (var i = 0; i < Steps.Count; i++)
        {
            using var generator = new Generator(Seeds.Derive(seed, i));
            current = Steps[i].Transform.Apply(current, Steps[i].Severity, generator).clamp(0, 1);
        }
        return current.clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Applies the condition to a whole dataset in fixed chunks of 256 images (chunk k uses a seed derived from
    /// <paramref name="seed"/> and k), so the result is independent of how callers batch it later. Returns
    /// <paramref name="data"/> itself for a clean spec, otherwise a new dataset with the same labels.
    /// </summary>
    public ImageDataset Apply(ImageDataset data, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (IsClean)
        {
            return data;
        }
        var pixels = new float[data.Count * data.ImageSize];
        for (var start = 0; start < data.Count; start += DatasetChunk)
        {
            var count = Math.Min(DatasetChunk, data.Count - start);
            using var scope = NewDisposeScope();
            var input = data.ToTensor(start, count);
            var output = Apply(input, unchecked((long)Seeds.Derive(seed, -1 - (start / DatasetChunk))));
            output.data<float>().CopyTo(pixels.AsSpan(start * data.ImageSize, count * data.ImageSize));
        }
        return data.WithPixels(pixels);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("+", Steps);
}
