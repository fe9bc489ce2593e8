using System.Buffers.Binary;
using System.Text;
using Atlas.Engine.Imaging;
using Xunit.Abstractions;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Hostile camera frames through <see cref="FramePreprocessor"/>: random bytes, mutated and truncated PNG, JPEG and
/// BMP files made from real Fashion-MNIST images, headers declaring huge or zero dimensions, compressed-text bombs,
/// and raw tensors with wrong shapes, lengths and non-finite values. Every input decodes to a finite sample of the
/// model's size or is refused with <see cref="FrameDecodeException"/>; nothing else escapes, hangs or allocates
/// without bound. Budget: <c>ATLAS_FUZZ_SECONDS</c> (default 4 s for images, 1 s for tensors).
/// </summary>
public sealed class FrameDecodeFuzzTests(ITestOutputHelper output)
{
    private static readonly FrameDecodeLimits Limits = new() { MaxPayloadBytes = 1 << 20, MaxWidth = 2048, MaxHeight = 2048, MaxPixels = 2048 * 2048 };
    private static readonly FramePreprocessor Grey = new(new ImagePreprocessingSpec(1, 28, 28, [0.25f], [0.5f]), Limits);
    private static readonly FramePreprocessor Rgb = new(new ImagePreprocessingSpec(3, 28, 28, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]), Limits);

    private static readonly uint[] Dimensions = [0, 1, 27, 28, 2048, 2049, 65535, 65536, 1 << 20, int.MaxValue, uint.MaxValue, 0x80000000];

    private static readonly Lazy<byte[][]> CompressedBombs = new(() => [ImageSeeds.ZlibZeros(1 << 20), ImageSeeds.ZlibZeros(64 << 20)]);

    [Fact]
    public async Task ImageFrames_RandomMutatedAndLying_DecodeOrFailWithFrameDecodeException()
    {
        var target = new FuzzTarget<(byte[] Bytes, bool Rgb)>
        {
            Name = "frame-image",
            Generate = GenerateImage,
            Run = input => CheckSample(input.Rgb ? Rgb : Grey, (input.Rgb ? Rgb : Grey).DecodeImage(input.Bytes)),
            IsDomainError = e => e is FrameDecodeException,
            ToBytes = input => input.Bytes,
        };

        var report = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(4, 100), output.WriteLine);

        Assert.True(report.Accepted > 0, report.ToString());
        Assert.True(report.Rejected > report.Iterations / 4, report.ToString());
    }

    [Fact]
    public async Task TensorFrames_WrongShapesLengthsAndValues_DecodeOrFailWithFrameDecodeException()
    {
        var target = new FuzzTarget<(byte[] Payload, string? Shape)>
        {
            Name = "frame-tensor",
            Generate = GenerateTensor,
            Run = input => CheckSample(Grey, Grey.DecodeTensor(input.Payload, input.Shape)),
            IsDomainError = e => e is FrameDecodeException,
            ToBytes = input => [.. Encoding.UTF8.GetBytes((input.Shape ?? "") + "\n"), .. input.Payload],
        };

        var report = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(1, 200), output.WriteLine);

        Assert.True(report.Accepted > 0, report.ToString());
        Assert.True(report.Rejected > 0, report.ToString());
    }

    [Fact]
    public void JpegThatMadeTheDecoderThrowNullReference_IsRefusedWithFrameDecodeException()
    {
        var error = Assert.Throws<FrameDecodeException>(() => Grey.DecodeImage(FoundInputs.JpegDecoderNullReference));

        Assert.Contains("could not be decoded", error.Message, StringComparison.Ordinal);
        Assert.Contains("NullReferenceException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PngWithCompressedTextBomb_DecodesQuicklyWithoutReadingTheText()
    {
        var bomb = FoundInputs.PngCompressedTextBomb;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var sample = Grey.DecodeImage(bomb);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(784, sample.Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}"); // was > 20 s before the fix
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated} bytes for a {bomb.Length}-byte frame"); // the text inflates to 64 MiB
    }

    private static void CheckSample(FramePreprocessor preprocessor, float[] sample)
    {
        if (sample.Length != preprocessor.Spec.SampleLength || !sample.All(float.IsFinite))
            throw new InvalidOperationException($"Decoded a sample of {sample.Length} values (expected {preprocessor.Spec.SampleLength}), finite: {sample.All(float.IsFinite)}.");
    }

    private static FuzzCase<(byte[], bool)> GenerateImage(Random random)
    {
        var format = random.Next(ImageSeeds.Formats.Length);
        var rgb = random.Next(2) == 0;
        var seed = (byte[])ImageSeeds.Seed(random, format).Clone();
        var name = ImageSeeds.Formats[format];
        switch (random.Next(8))
        {
            case 0:
                byte[][] magics = [[], ImageSeeds.PngSignature, [0xFF, 0xD8, 0xFF], "BM"u8.ToArray()];
                return new("random-bytes", (ByteMutator.RandomBytes(random, 2048, magics[random.Next(magics.Length)]), rgb));
            case 1:
                return new($"truncated-{name}", (seed[..random.Next(seed.Length)], rgb));
            case 2 when name.StartsWith("png", StringComparison.Ordinal):
                {
                    // IHDR data starts at 16: width, height (big-endian), then bit depth and colour type.
                    BinaryPrimitives.WriteUInt32BigEndian(seed.AsSpan(16), Dimensions[random.Next(Dimensions.Length)]);
                    BinaryPrimitives.WriteUInt32BigEndian(seed.AsSpan(20), Dimensions[random.Next(Dimensions.Length)]);
                    if (random.Next(3) == 0) seed[24 + random.Next(2)] = (byte)random.Next(256);
                    ImageSeeds.FixCrc(seed, 8);
                    return new("png-dimensions", (seed, rgb));
                }
            case 3 when name.StartsWith("png", StringComparison.Ordinal):
                {
                    var chunks = ImageSeeds.Chunks(seed);
                    var (start, length, _) = chunks[random.Next(chunks.Count)];
                    if (length > 0)
                    {
                        var data = ByteMutator.Mutate(random, seed.AsSpan(start + 8, length)).Bytes;
                        var rebuilt = ImageSeeds.Chunk(Encoding.ASCII.GetString(seed, start + 4, 4), data);
                        seed = [.. seed[..start], .. rebuilt, .. seed[(start + 12 + length)..]];
                    }
                    return new("png-chunk-data", (seed, rgb));
                }
            case 4 when name.StartsWith("png", StringComparison.Ordinal):
                {
                    // Compressed text (zTXt) or compressed international text (iTXt) inflating to megabytes.
                    var bomb = CompressedBombs.Value[random.Next(CompressedBombs.Value.Length)];
                    var chunk = random.Next(2) == 0
                        ? ImageSeeds.Chunk("zTXt", [.. "Comment"u8, 0, 0, .. bomb])
                        : ImageSeeds.Chunk("iTXt", [.. "Comment"u8, 0, 1, 0, 0, 0, .. bomb]);
                    return new("png-text-bomb", (ImageSeeds.InsertAfterHeader(seed, chunk), rgb));
                }
            case 5 when name == "jpeg":
                {
                    // Start of frame (FFC0..FFC2): length(2) precision(1) height(2) width(2).
                    for (var i = 2; i + 9 < seed.Length; i++)
                    {
                        if (seed[i] != 0xFF || seed[i + 1] is < 0xC0 or > 0xC2) continue;
                        BinaryPrimitives.WriteUInt16BigEndian(seed.AsSpan(i + 5), (ushort)Dimensions[random.Next(Dimensions.Length)]);
                        BinaryPrimitives.WriteUInt16BigEndian(seed.AsSpan(i + 7), (ushort)Dimensions[random.Next(Dimensions.Length)]);
                        break;
                    }
                    return new("jpeg-dimensions", (seed, rgb));
                }
            case 5 when name == "bmp":
                {
                    // BITMAPINFOHEADER: width at 18, height at 22 (negative: top-down), bits per pixel at 28.
                    int[] values = [0, 1, -1, 28, -28, 2049, 65536, int.MaxValue, int.MinValue];
                    BinaryPrimitives.WriteInt32LittleEndian(seed.AsSpan(18), values[random.Next(values.Length)]);
                    BinaryPrimitives.WriteInt32LittleEndian(seed.AsSpan(22), values[random.Next(values.Length)]);
                    if (random.Next(3) == 0) BinaryPrimitives.WriteUInt16LittleEndian(seed.AsSpan(28), (ushort)random.Next(65536));
                    return new("bmp-dimensions", (seed, rgb));
                }
            case 6:
                return new("valid", (seed, rgb));
        }
        return new($"mutated-{name}", (ByteMutator.Mutate(random, seed).Bytes, rgb));
    }

    private static FuzzCase<(byte[], string?)> GenerateTensor(Random random)
    {
        string?[] shapes = ["1,28,28", "1,1,28,28", "28,28", "1,28,28,1", "3,28,28", "0,28,28", "-1,28,28", "1, 28 ,28", "[1,28,28]",
            "1,,28", "", null, "99999999999999999999,1", "9223372036854775807,2,2", "1,28,28x", "１,28,28", "2,1,28,28", "1,28,28,"];
        var shape = shapes[random.Next(shapes.Length)];
        var family = "shape";
        var length = 784 * 4;
        switch (random.Next(4))
        {
            case 0:
                length = random.Next(3) switch { 0 => 0, 1 => random.Next(784 * 4 * 2), _ => (784 * 4) + (random.Next(2) == 0 ? -1 : 1) };
                family = "length";
                break;
            case 1:
                shape = "1,28,28";
                family = "values";
                break;
        }
        var payload = new byte[length];
        for (var i = 0; i + 4 <= payload.Length; i += 4)
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i), (float)random.NextDouble());
        if (family == "values" && random.Next(2) == 0)
        {
            float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon, -0f];
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(4 * random.Next(784)), special[random.Next(special.Length)]);
        }
        return new(family, (payload, shape));
    }
}
