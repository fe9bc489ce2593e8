using System.Buffers.Binary;
using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Atlas.Engine.Imaging;

/// <summary>
/// Turns camera frame bytes into one model input sample (CHW floats) as an <see cref="ImagePreprocessingSpec"/>
/// asks: JPEG, PNG or BMP images are decoded, converted to grey or RGB, resized, scaled to [0, 1] and normalised;
/// raw float32 tensors are checked against the expected shape and passed through unchanged.
/// </summary>
/// <remarks>
/// Safe against hostile input by construction: the payload size is checked first, then only the image header is
/// read (<see cref="Image.Identify(Configuration, byte[], out IImageFormat)"/>) and its declared dimensions
/// checked against <see cref="FrameDecodeLimits"/>; only then are pixels decoded. Only the three formats above are
/// registered with the decoder. Every failure is a <see cref="FrameDecodeException"/>. Thread-safe.
/// </remarks>
public sealed class FramePreprocessor
{
    private static readonly Configuration Decoders = CreateDecoderConfiguration();
    private readonly FrameDecodeLimits _limits;

    public FramePreprocessor(ImagePreprocessingSpec spec, FrameDecodeLimits limits)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
    }

    /// <summary>The input this preprocessor produces.</summary>
    public ImagePreprocessingSpec Spec { get; }

    /// <summary>Decodes a JPEG, PNG or BMP image into a normalised CHW sample.</summary>
    /// <exception cref="FrameDecodeException">The bytes are too large, not a supported image, corrupt, or declare dimensions past the limits.</exception>
    public float[] DecodeImage(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        CheckPayloadSize(payload.Length);
        var (width, height) = IdentifyDimensions(payload);
        if (width > _limits.MaxWidth || height > _limits.MaxHeight || (long)width * height > _limits.MaxPixels)
        {
            throw new FrameDecodeException(
                $"Image declares {width}x{height} pixels; the limits are {_limits.MaxWidth}x{_limits.MaxHeight} and {_limits.MaxPixels} pixels in all.");
        }
        try
        {
            return Spec.Channels == 1 ? DecodeGrey(payload) : DecodeRgb(payload);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Any exception: the decoder is third-party code fed hostile bytes, and some corrupt files make it throw
            // NullReferenceException or IndexOutOfRangeException rather than its own format exceptions (found by fuzzing).
            throw new FrameDecodeException($"Image of {payload.Length} bytes ({width}x{height}) could not be decoded: {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a raw little-endian float32 tensor that is already preprocessed. <paramref name="shapeText"/> is the
    /// comma-separated shape: C,H,W or 1,C,H,W, equal to the model input's.
    /// </summary>
    /// <exception cref="FrameDecodeException">The shape is missing, malformed or different from the model's, the byte count does not match it, or a value is not finite.</exception>
    public float[] DecodeTensor(ReadOnlySpan<byte> payload, string? shapeText)
    {
        CheckPayloadSize(payload.Length);
        var shape = ParseShape(shapeText);
        var expected = new long[] { Spec.Channels, Spec.Height, Spec.Width };
        var squeezed = shape.Length == 4 && shape[0] == 1 ? shape[1..] : shape;
        if (!squeezed.SequenceEqual(expected))
        {
            throw new FrameDecodeException(
                $"Tensor shape [{string.Join(",", shape)}] does not match the model input [{string.Join(",", expected)}] (or [1,{string.Join(",", expected)}]).");
        }
        if (payload.Length != Spec.SampleLength * sizeof(float))
        {
            throw new FrameDecodeException(
                $"Tensor of shape [{string.Join(",", shape)}] needs {Spec.SampleLength * sizeof(float)} bytes of float32; the payload has {payload.Length}.");
        }
        var sample = new float[Spec.SampleLength];
        for (var i = 0; i < sample.Length; i++)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(payload.Slice(i * sizeof(float), sizeof(float)));
            if (!float.IsFinite(value))
                throw new FrameDecodeException($"Tensor element {i} is {value.ToString(CultureInfo.InvariantCulture)}; every element must be finite.");
            sample[i] = value;
        }
        return sample;
    }

    private void CheckPayloadSize(int length)
    {
        if (length == 0) throw new FrameDecodeException("The frame payload is empty.");
        if (length > _limits.MaxPayloadBytes)
            throw new FrameDecodeException($"The frame payload has {length} bytes; the limit is {_limits.MaxPayloadBytes}.");
    }

    private static (int Width, int Height) IdentifyDimensions(byte[] payload)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(Decoders, payload, out _);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new FrameDecodeException($"The frame header ({payload.Length} bytes) could not be read: {e.GetType().Name}: {e.Message}", e);
        }
        if (info is null)
            throw new FrameDecodeException($"The frame ({payload.Length} bytes) is not a JPEG, PNG or BMP image.");
        return (info.Width, info.Height);
    }

    private float[] DecodeGrey(byte[] payload)
    {
        using var image = Image.Load<L8>(Decoders, payload);
        Resize(image);
        var sample = new float[Spec.SampleLength];
        float mean = Spec.Mean[0], scale = 1f / (255f * Spec.Std[0]), offset = mean / Spec.Std[0];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var start = y * Spec.Width;
                for (var x = 0; x < row.Length; x++) sample[start + x] = (row[x].PackedValue * scale) - offset;
            }
        });
        return sample;
    }

    private float[] DecodeRgb(byte[] payload)
    {
        using var image = Image.Load<Rgb24>(Decoders, payload);
        Resize(image);
        var sample = new float[Spec.SampleLength];
        var plane = Spec.Height * Spec.Width;
        var scale = Spec.Std.Select(s => 1f / (255f * s)).ToArray();
        var offset = Spec.Mean.Select((m, c) => m / Spec.Std[c]).ToArray();
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var start = y * Spec.Width;
                for (var x = 0; x < row.Length; x++)
                {
                    sample[start + x] = (row[x].R * scale[0]) - offset[0];
                    sample[plane + start + x] = (row[x].G * scale[1]) - offset[1];
                    sample[(2 * plane) + start + x] = (row[x].B * scale[2]) - offset[2];
                }
            }
        });
        return sample;
    }

    private void Resize<TPixel>(Image<TPixel> image) where TPixel : unmanaged, IPixel<TPixel>
    {
        if (image.Width != Spec.Width || image.Height != Spec.Height)
            image.Mutate(x => x.Resize(Spec.Width, Spec.Height));
    }

    private static long[] ParseShape(string? shapeText)
    {
        if (string.IsNullOrWhiteSpace(shapeText))
            throw new FrameDecodeException("A raw tensor frame needs its shape in the 'shape' user property, e.g. '1,28,28'.");
        var parts = shapeText.Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries);
        var shape = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] <= 0)
                throw new FrameDecodeException($"Tensor shape '{shapeText}' is not a comma-separated list of positive integers (item {i}: '{parts[i]}').");
        }
        return shape;
    }

    private static Configuration CreateDecoderConfiguration()
    {
        var configuration = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule()) { MaxDegreeOfParallelism = 1 };
        // Metadata is never used, and reading it is unbounded: a PNG's compressed text (zTXt/iTXt) chunk of a few
        // kilobytes inflates to gigabytes, in Identify as well as in Load (found by fuzzing). Skip it.
        configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        configuration.ImageFormatsManager.SetDecoder(JpegFormat.Instance, new JpegDecoder { IgnoreMetadata = true });
        return configuration;
    }
}
