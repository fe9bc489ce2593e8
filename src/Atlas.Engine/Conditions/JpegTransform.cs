using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>jpeg</c>: a bandwidth-starved video link; every image goes through a real JPEG encode and decode (ImageSharp) at a
/// quality that falls with severity, giving the familiar 8×8 block and ringing artefacts. One-channel images are coded
/// as grayscale JPEG, three-channel ones as YCbCr.
/// </summary>
internal sealed class JpegTransform : ICameraTransform
{
    private static ReadOnlySpan<int> Quality => [60, 40, 25, 15, 8];

    public string Name => "jpeg";

    public IReadOnlyList<string> Aliases { get; } = ["jpeg-compression", "compression"];

    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (n, c, h, w) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        if (c is not (1 or 3))
        {
            throw new ArgumentException($"JPEG compression needs 1 or 3 channels, the images have {c}.", nameof(images));
        }
        using var contiguous = images.clamp(0, 1).contiguous();
        var pixels = contiguous.data<float>().ToArray();
        var encoder = new JpegEncoder
        {
            Quality = Severity.Pick(severity, Quality),
            ColorType = c == 1 ? JpegColorType.Luminance : JpegColorType.YCbCrRatio420,
        };
        var imageSize = c * h * w;
        for (var i = 0; i < n; i++)
        {
            var image = pixels.AsSpan(i * imageSize, imageSize);
            if (c == 1)
            {
                RoundTrip<L8>(image, w, h, encoder, (p, _) => new L8(ToByte(p[0])), (q, o) => o[0] = q.PackedValue / 255f);
            }
            else
            {
                RoundTrip<Rgb24>(image, w, h, encoder,
                    (p, _) => new Rgb24(ToByte(p[0]), ToByte(p[1]), ToByte(p[2])),
                    (q, o) => (o[0], o[1], o[2]) = (q.R / 255f, q.G / 255f, q.B / 255f));
            }
        }
        return tensor(pixels, [n, c, h, w]);
    }

    private delegate TPixel Pack<TPixel>(ReadOnlySpan<float> channels, int index);

    private delegate void Unpack<TPixel>(TPixel pixel, Span<float> channels);

    private static void RoundTrip<TPixel>(Span<float> image, int width, int height, JpegEncoder encoder, Pack<TPixel> pack,
        Unpack<TPixel> unpack)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var plane = width * height;
        var channels = image.Length / plane;
        var source = new TPixel[plane];
        Span<float> values = stackalloc float[3];
        for (var i = 0; i < plane; i++)
        {
            for (var ch = 0; ch < channels; ch++)
            {
                values[ch] = image[(ch * plane) + i];
            }
            source[i] = pack(values, i);
        }
        using var stream = new MemoryStream();
        using (var encoded = Image.LoadPixelData<TPixel>(source, width, height))
        {
            encoded.Save(stream, encoder);
        }
        stream.Position = 0;
        using var decoded = Image.Load<TPixel>(stream);
        var result = new TPixel[plane];
        decoded.CopyPixelDataTo(result);
        for (var i = 0; i < plane; i++)
        {
            unpack(result[i], values);
            for (var ch = 0; ch < channels; ch++)
            {
                image[(ch * plane) + i] = values[ch];
            }
        }
    }

    private static byte ToByte(float value) => (byte)Math.Round(value * 255f);
}
