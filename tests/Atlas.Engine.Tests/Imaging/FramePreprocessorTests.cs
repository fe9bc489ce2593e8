using System.Buffers.Binary;
using Atlas.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Atlas.Engine.Tests.Imaging;

public sealed class FramePreprocessorTests
{
    private static readonly FrameDecodeLimits Limits = new() { MaxPayloadBytes = 1 << 20, MaxWidth = 512, MaxHeight = 512, MaxPixels = 512 * 512 };

    private static byte[] Encode<TPixel>(Image<TPixel> image) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    [Fact]
    public void GreyPng_IsScaledAndNormalisedPixelByPixel()
    {
        var pixels = Enumerable.Range(0, 16).Select(i => (byte)(i * 17)).ToArray();
        using var image = Image.LoadPixelData<L8>(pixels, 4, 4);
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 4, 4, [0.5f], [0.25f]), Limits);

        var sample = pre.DecodeImage(Encode(image));

        var expected = pixels.Select(p => ((p / 255f) - 0.5f) / 0.25f).ToArray();
        Assert.Equal(expected.Length, sample.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], sample[i], 1e-5f); // f32 rounding of (p·s − o) vs (p/255 − m)/s
    }

    [Fact]
    public void RgbBmp_IsResizedAndLaidOutChannelFirst()
    {
        using var image = new Image<Rgb24>(8, 6, new Rgb24(255, 0, 51));
        using var stream = new MemoryStream();
        image.SaveAsBmp(stream);
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(3, 3, 4), Limits);

        var sample = pre.DecodeImage(stream.ToArray());

        Assert.Equal(3 * 3 * 4, sample.Length);
        Assert.All(sample[..12], v => Assert.Equal(1f, v, 1e-5f));
        Assert.All(sample[12..24], v => Assert.Equal(0f, v, 1e-5f));
        Assert.All(sample[24..], v => Assert.Equal(0.2f, v, 1e-5f));
    }

    [Fact]
    public void PngDeclaringHugeDimensions_IsRefusedFromItsHeaderBeforeDecoding()
    {
        // A 100000 x 100000 PNG header with no pixel data: a decompression bomb's declaration, 50 bytes long.
        var bomb = PngHeaderOnly(100_000, 100_000);
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 28, 28), Limits);

        var error = Assert.Throws<FrameDecodeException>(() => pre.DecodeImage(bomb));

        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
        Assert.Contains("limits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2 << 20)]
    public void PayloadOutsideTheSizeLimit_IsRefused(int length)
    {
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 28, 28), Limits);
        var error = Assert.Throws<FrameDecodeException>(() => pre.DecodeImage(new byte[length]));
        Assert.Contains("payload", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedBytes_AreRefusedNamingTheFormats()
    {
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 28, 28), Limits);
        var error = Assert.Throws<FrameDecodeException>(() => pre.DecodeImage("GIF89a not really"u8.ToArray()));
        Assert.Contains("JPEG, PNG or BMP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedPng_IsAFrameDecodeException()
    {
        using var image = new Image<L8>(28, 28, new L8(90));
        var png = Encode(image);
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 28, 28), Limits);
        Assert.Throws<FrameDecodeException>(() => pre.DecodeImage(png[..(png.Length / 2)]));
    }

    [Theory]
    [InlineData("1,2,2")]
    [InlineData("1,1,2,2")]
    public void Tensor_WithMatchingShape_IsReturnedUnchanged(string shape)
    {
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 2, 2), Limits);
        Assert.Equal([1f, 2, 3, 4], pre.DecodeTensor(Floats(1, 2, 3, 4), shape));
    }

    [Fact]
    public void Tensor_WithSameCountButOtherShape_IsRefusedNamingBothShapes()
    {
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 2, 2), Limits);
        var error = Assert.Throws<FrameDecodeException>(() => pre.DecodeTensor(Floats(1, 2, 3, 4), "2,1,2"));
        Assert.Contains("[2,1,2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1,2,2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_WithWrongByteCountOrNonFiniteValue_IsRefused()
    {
        var pre = new FramePreprocessor(new ImagePreprocessingSpec(1, 2, 2), Limits);
        Assert.Contains("needs 16 bytes", Assert.Throws<FrameDecodeException>(() => pre.DecodeTensor(Floats(1, 2, 3), "1,2,2")).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<FrameDecodeException>(() => pre.DecodeTensor(Floats(1, float.NaN, 3, 4), "1,2,2")).Message, StringComparison.Ordinal);
        Assert.Contains("shape", Assert.Throws<FrameDecodeException>(() => pre.DecodeTensor(Floats(1, 2, 3, 4), null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_FromMetadata_ReadsPerChannelOrSingleValues()
    {
        var spec = ImagePreprocessingSpec.FromMetadata(new Dictionary<string, string> { ["atlas.mean"] = "0.485, 0.456, 0.406", ["atlas.std"] = "0.25" }, 3, 224, 224);
        Assert.Equal([0.485f, 0.456f, 0.406f], spec.Mean);
        Assert.Equal([0.25f, 0.25f, 0.25f], spec.Std);
        var error = Assert.Throws<FormatException>(() => ImagePreprocessingSpec.FromMetadata(new Dictionary<string, string> { ["atlas.std"] = "a,b" }, 1, 2, 2));
        Assert.Contains("atlas.std", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // greyscale
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
