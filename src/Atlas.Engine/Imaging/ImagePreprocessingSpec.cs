using System.Globalization;

namespace Atlas.Engine.Imaging;

/// <summary>
/// What a model expects as one input sample: <see cref="Channels"/> × <see cref="Height"/> × <see cref="Width"/>
/// floats, pixels scaled to [0, 1] and then normalised per channel as <c>(x − mean[c]) / std[c]</c>.
/// </summary>
/// <remarks>
/// Mean and standard deviation come from the ONNX model's metadata when present: <c>atlas.mean</c> and
/// <c>atlas.std</c>, each either one number (used for every channel) or one comma-separated number per channel,
/// e.g. <c>0.485,0.456,0.406</c>. Without them the mean is 0 and the std 1 (pixels stay in [0, 1]).
/// </remarks>
public sealed record ImagePreprocessingSpec
{
    /// <summary>Metadata key holding the per-channel mean.</summary>
    public const string MeanMetadataKey = "atlas.mean";

    /// <summary>Metadata key holding the per-channel standard deviation.</summary>
    public const string StdMetadataKey = "atlas.std";

    public ImagePreprocessingSpec(int channels, int height, int width, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A camera frame model input must have 1 (grey) or 3 (RGB) channels.");
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Channels = channels;
        Height = height;
        Width = width;
        Mean = Expand(mean, channels, 0f, nameof(mean));
        Std = Expand(std, channels, 1f, nameof(std));
        if (Std.Any(s => !(s > 0f) || !float.IsFinite(s)))
            throw new ArgumentException($"Every std value must be a positive finite number; got [{string.Join(", ", Std)}].", nameof(std));
    }

    /// <summary>1 (grey) or 3 (RGB).</summary>
    public int Channels { get; }

    /// <summary>Input height in pixels; frames are resized to it.</summary>
    public int Height { get; }

    /// <summary>Input width in pixels; frames are resized to it.</summary>
    public int Width { get; }

    /// <summary>Per-channel mean subtracted after scaling to [0, 1].</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Per-channel standard deviation divided by after subtracting the mean.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>Number of floats in one sample (C·H·W).</summary>
    public int SampleLength => Channels * Height * Width;

    /// <summary>
    /// Builds the spec for an input of shape [C,H,W], reading mean and std from the model's metadata
    /// (<see cref="MeanMetadataKey"/>, <see cref="StdMetadataKey"/>).
    /// </summary>
    /// <exception cref="FormatException">A metadata value is not a list of numbers; the message names the key.</exception>
    public static ImagePreprocessingSpec FromMetadata(IReadOnlyDictionary<string, string> metadata, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new ImagePreprocessingSpec(channels, height, width, ParseList(metadata, MeanMetadataKey), ParseList(metadata, StdMetadataKey));
    }

    private static float[]? ParseList(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new FormatException($"Model metadata '{key}' = '{text}' is not a comma-separated list of numbers (item {i}: '{parts[i]}').");
        }
        return values;
    }

    private static float[] Expand(IReadOnlyList<float>? values, int channels, float fallback, string name)
    {
        if (values is null || values.Count == 0) return Enumerable.Repeat(fallback, channels).ToArray();
        if (values.Count == 1) return Enumerable.Repeat(values[0], channels).ToArray();
        if (values.Count != channels)
            throw new ArgumentException($"'{name}' has {values.Count} values but the input has {channels} channels.", name);
        return [.. values];
    }
}
