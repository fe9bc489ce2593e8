using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// The frames a soak sends: the sample's images rendered once under each condition of the drift, as PNG bytes or raw
/// float32 tensors, so the send loop only picks a payload. Frame n of stage s is image n mod count under condition s.
/// </summary>
internal sealed class SoakFrames
{
    private readonly byte[][][] _stages;

    private SoakFrames(byte[][][] stages, IReadOnlyList<string> conditions, string shape, bool tensor)
    {
        _stages = stages;
        Conditions = conditions;
        Shape = shape;
        IsTensor = tensor;
    }

    /// <summary>The drift's condition specs, one per stage.</summary>
    public IReadOnlyList<string> Conditions { get; }

    /// <summary>The <c>shape</c> user property of tensor frames (<c>C,H,W</c>).</summary>
    public string Shape { get; }

    /// <summary>Whether payloads are raw tensors (content type <c>application/x-atlas-tensor</c>) rather than PNG.</summary>
    public bool IsTensor { get; }

    /// <summary>Renders every image under every condition (seeded, so two runs send the same bytes).</summary>
    public static SoakFrames Render(ImageDataset images, IReadOnlyList<string> conditions, bool tensor)
    {
        ArgumentNullException.ThrowIfNull(images);
        var stages = new byte[conditions.Count][][];
        for (var s = 0; s < conditions.Count; s++)
        {
            var rendered = ConditionSpec.Parse(conditions[s]).Apply(images, seed: 1_000 + s);
            var pixels = rendered.Pixels.Span;
            var payloads = new byte[rendered.Count][];
            for (var i = 0; i < rendered.Count; i++)
            {
                var image = pixels.Slice(i * rendered.ImageSize, rendered.ImageSize);
                payloads[i] = tensor ? TensorBytes(image) : Png(image, rendered.Channels, rendered.Height, rendered.Width);
            }
            stages[s] = payloads;
        }
        return new SoakFrames(stages, conditions, $"{images.Channels},{images.Height},{images.Width}", tensor);
    }

    /// <summary>The payload of frame <paramref name="index"/> in drift stage <paramref name="stage"/> (both wrap around).</summary>
    public byte[] Payload(int stage, long index)
    {
        var frames = _stages[stage % _stages.Length];
        return frames[(int)(index % frames.Length)];
    }

    private static byte[] TensorBytes(ReadOnlySpan<float> image)
    {
        var bytes = new byte[image.Length * sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(image).CopyTo(bytes);
        return bytes;
    }

    private static byte[] Png(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        using var stream = new MemoryStream();
        if (channels == 1)
        {
            var grey = new byte[height * width];
            for (var p = 0; p < grey.Length; p++) grey[p] = ToByte(chw[p]);
            using var image = Image.LoadPixelData<L8>(grey, width, height);
            image.SaveAsPng(stream);
        }
        else
        {
            var plane = height * width;
            var rgb = new byte[plane * 3];
            for (var p = 0; p < plane; p++)
                for (var c = 0; c < 3; c++) rgb[(p * 3) + c] = ToByte(chw[(c * plane) + p]);
            using var image = Image.LoadPixelData<Rgb24>(rgb, width, height);
            image.SaveAsPng(stream);
        }
        return stream.ToArray();
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);
}
