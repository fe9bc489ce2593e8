using System.Buffers.Binary;
using System.Text;
using Atlas.Agent.Ingest;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Tests.Fuzzing;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>
/// Generates hostile frames for a 1×28×28 model: random bytes, truncated and mutated real images, headers declaring
/// huge dimensions, raw tensors with wrong shapes, lengths and NaNs, JSON envelopes instead of images, oversized and
/// empty payloads, and hostile user properties (duplicates, huge or non-UTF-8 values).
/// </summary>
internal static class HostileFrames
{
    /// <summary>The payload limit the agent (or preprocessor) under test must be configured with.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    public static FuzzCase<HostileFrame> Generate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (random.Next(12))
        {
            case 0:
                return new("random-bytes", Image(ByteMutator.RandomBytes(random, 4096, ImageSeeds.PngSignature.AsSpan(0, random.Next(2) * 8)), true));
            case 1:
                {
                    var seed = ImageSeeds.Seed(random, random.Next(ImageSeeds.Formats.Length));
                    return new("truncated-image", Image(seed[..random.Next(1, seed.Length)], false));
                }
            case 2:
                return new("mutated-image", Image(ByteMutator.Mutate(random, ImageSeeds.Seed(random, random.Next(ImageSeeds.Formats.Length))).Bytes, false));
            case 3:
                {
                    var png = (byte[])ImageSeeds.Seed(random, 0).Clone();
                    BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), (uint)random.Next(5000, int.MaxValue));
                    BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), (uint)random.Next(5000, int.MaxValue));
                    ImageSeeds.FixCrc(png, 8);
                    return new("huge-dimensions", Image(png, true));
                }
            case 4:
                {
                    string?[] shapes = ["1,32,32", "3,28,28", "28,28", "", null, "1,28,28,", "-1,28,28", "1;28;28", "99999999999999999999,28,28"];
                    return new("tensor-shape", Tensor(random, shapes[random.Next(shapes.Length)], 784, true));
                }
            case 5:
                return new("tensor-length", Tensor(random, "1,28,28", random.Next(2) == 0 ? random.Next(784) : random.Next(785, 2000), true));
            case 6:
                {
                    var frame = Tensor(random, "1,28,28", 784, true);
                    float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
                    BinaryPrimitives.WriteSingleLittleEndian(frame.Payload.AsSpan(4 * random.Next(784)), special[random.Next(special.Length)]);
                    return new("tensor-non-finite", frame);
                }
            case 7:
                {
                    var json = JsonMutator.Mutate(random, "{\"image\":\"iVBORw0KGgo=\",\"width\":28,\"height\":28,\"encoding\":\"png\"}").Input;
                    return new("json-envelope", new HostileFrame(json, "application/json", [], !StartsLikeAnImage(json)));
                }
            case 8:
                return new("oversized", Image(ByteMutator.RandomBytes(random, 0, new byte[MaxPayloadBytes + 1 + random.Next(4096)]), true));
            case 9:
                {
                    var valid = Tensor(random, "1,28,28", 784, false);
                    (string, byte[])[] hostile =
                    [
                        ("frame-id", Encoding.UTF8.GetBytes(new string('x', random.Next(1, 9000)))),
                        ("frame-id", [0xFF, 0xFE, 0x00, 0xC3]),
                        ("timestamp", Encoding.UTF8.GetBytes("\u0000\u001b[31m" + new string('t', random.Next(100)))),
                        ("shape", Encoding.UTF8.GetBytes("3,3,3")),
                        ("shape", [0xC0, 0xAF]),
                        ("unknown-property", ByteMutator.RandomBytes(random, 512)),
                    ];
                    var extra = Enumerable.Range(0, random.Next(1, 4)).Select(_ => hostile[random.Next(hostile.Length)]).ToArray();
                    return new("hostile-properties", valid with { Properties = [.. valid.Properties, .. extra], KnownBad = false });
                }
            case 10:
                return new("empty", new HostileFrame([], random.Next(2) == 0 ? Frame.TensorContentType : null, Shape("1,28,28"), true));
            default:
                return new("valid-tensor", Tensor(random, "1,28,28", 784, false));
        }
    }

    /// <summary>A valid raw-tensor frame of sample image <paramref name="index"/>, pixels scaled to [0, 1].</summary>
    public static HostileFrame ValidTensor(int index, string frameId)
    {
        var pixels = ImageSeeds.Pixels(index);
        var payload = new byte[pixels.Length * sizeof(float)];
        for (var i = 0; i < pixels.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), pixels[i] / 255f);
        return new HostileFrame(payload, Frame.TensorContentType, [("frame-id", Encoding.UTF8.GetBytes(frameId)), .. Shape("1,28,28")], false);
    }

    private static HostileFrame Image(byte[] payload, bool knownBad) => new(payload, null, [], knownBad);

    private static HostileFrame Tensor(Random random, string? shape, int elements, bool knownBad)
    {
        var payload = new byte[elements * sizeof(float)];
        for (var i = 0; i < elements; i++) BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), (float)random.NextDouble());
        return new HostileFrame(payload, random.Next(4) == 0 ? Frame.TensorContentType.ToUpperInvariant() : Frame.TensorContentType, shape is null ? [] : Shape(shape), knownBad);
    }

    private static (string, byte[])[] Shape(string shape) => [("shape", Encoding.UTF8.GetBytes(shape))];

    private static bool StartsLikeAnImage(byte[] bytes) =>
        bytes.AsSpan().StartsWith(ImageSeeds.PngSignature) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]) || bytes.AsSpan().StartsWith("BM"u8);
}
