using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Atlas.Engine.Safetensors;
using Atlas.Engine.Tests.Samples;
using TorchSharp;
using Xunit.Abstractions;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Structured mutations of a real task-vector file of the shipped sample (<c>bank/fog.safetensors</c>, f16): the
/// header length, each tensor's data offsets (shifted, swapped, overlapping, past the end, huge), dtypes, shapes
/// (extra, missing, zero, negative, overflowing dimensions), duplicate entries and fields, metadata, JSON-level
/// mutations of the header and truncated data. Opening and reading every tensor either works, with every byte range
/// inside the data section, or fails with <see cref="SafetensorsFormatException"/>. The byte-flip and truncation
/// fuzzing of a small file lives in <c>Safetensors/SafetensorsFuzzTests</c>. Budget: <c>ATLAS_FUZZ_SECONDS</c> (default 3 s).
/// </summary>
public sealed class SafetensorsStructuredFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Lazy<byte[]> Real = new(() => File.ReadAllBytes(RepositoryFiles.Path("samples", "fashion-camera", "bank", "fog.safetensors")));

    private static readonly string[] DTypes = ["F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "f16", "", "U64", "C64"];

    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-stfuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RealTaskVectorFile_StructuredMutations_ReadCleanlyOrFailWithSafetensorsFormatException()
    {
        var path = Path.Combine(_folder, "fuzz.safetensors");
        var target = new FuzzTarget<byte[]>
        {
            Name = "safetensors-structured",
            Generate = Generate,
            Run = bytes => OpenAndReadAll(path, bytes),
            IsDomainError = e => e is SafetensorsFormatException,
            ToBytes = bytes => bytes,
        };

        var report = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(3, 60), output.WriteLine);

        Assert.True(report.Accepted > 0, report.ToString());
        Assert.True(report.Rejected > report.Iterations / 2, report.ToString());
    }

    private static void OpenAndReadAll(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        using var file = SafetensorsFile.Open(path);
        var dataLength = bytes.Length - 8 - (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        foreach (var tensor in file.Tensors)
        {
            if (tensor.Begin < 0 || tensor.End > dataLength || tensor.End < tensor.Begin)
                throw new InvalidOperationException($"Tensor '{tensor.Name}' was accepted with range [{tensor.Begin}, {tensor.End}) outside the {dataLength}-byte data section.");
            _ = file.GetBytes(tensor.Name).Length;
            if (!SafetensorsDTypes.IsFloatingPoint(tensor.DType)) continue;
            var values = file.ReadFloat32(tensor.Name);
            if (values.LongLength != tensor.ElementCount)
                throw new InvalidOperationException($"Tensor '{tensor.Name}' read {values.LongLength} values for {tensor.ElementCount} elements.");
            using var scope = torch.NewDisposeScope();
            using var read = file.ReadTensor(tensor.Name);
            if (read.numel() != tensor.ElementCount)
                throw new InvalidOperationException($"Tensor '{tensor.Name}' became a torch tensor of {read.numel()} elements for {tensor.ElementCount}.");
        }
    }

    private static FuzzCase<byte[]> Generate(Random random)
    {
        var real = Real.Value;
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(real);
        var headerText = Encoding.UTF8.GetString(real, 8, headerLength);
        var data = real[(8 + headerLength)..];
        var header = JsonNode.Parse(headerText)!.AsObject();
        var tensors = header.Where(p => p.Key != "__metadata__").Select(p => p.Key).ToArray();
        var name = tensors[random.Next(tensors.Length)];
        var entry = header[name]!.AsObject();
        string family;
        string? rawHeader = null;
        switch (random.Next(10))
        {
            case 0:
                {
                    family = "header-length";
                    ulong[] lengths = [0, 1, 7, (ulong)headerLength - 1, (ulong)headerLength + 1, (ulong)(real.Length - 8), (ulong)real.Length, 1UL << 32, ulong.MaxValue, (ulong)long.MaxValue + 1];
                    var bytes = (byte[])real.Clone();
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes, lengths[random.Next(lengths.Length)]);
                    return new(family, bytes);
                }
            case 1:
                {
                    family = "offsets";
                    var offsets = entry["data_offsets"]!.AsArray();
                    long begin = (long)offsets[0]!, end = (long)offsets[1]!;
                    var other = header[tensors[random.Next(tensors.Length)]]!["data_offsets"]!.AsArray();
                    long[][] choices =
                    [
                        [begin + 1, end + 1], [begin, end - 1], [end, begin], [begin, data.Length + 2L], [0, 1L << 62], [-1, end],
                        [(long)other[0]!, (long)other[0]! + (end - begin)], [begin + 2, end], [data.Length, data.Length + end - begin], [begin, begin],
                    ];
                    var chosen = choices[random.Next(choices.Length)];
                    entry["data_offsets"] = new JsonArray(chosen[0], chosen[1]);
                    break;
                }
            case 2:
                family = "dtype";
                entry["dtype"] = random.Next(6) == 0 ? JsonValue.Create(5) : DTypes[random.Next(DTypes.Length)];
                break;
            case 3:
                {
                    family = "shape";
                    var shape = entry["shape"]!.AsArray().Select(d => (long)d!).ToList();
                    switch (random.Next(7))
                    {
                        case 0: shape.Add(1); break;
                        case 1: if (shape.Count > 0) shape.RemoveAt(random.Next(shape.Count)); break;
                        case 2: shape = [0]; break;
                        case 3: shape = [-1, .. shape]; break;
                        case 4: shape = [1L << 62, 4]; break;
                        case 5: shape = [.. Enumerable.Repeat(1L, random.Next(100, 2000)), .. shape]; break;
                        default: shape = shape.Count > 0 ? [shape.Aggregate(1L, (a, d) => a * d)] : [2]; break; // same bytes, one dimension: valid
                    }
                    entry["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]);
                    break;
                }
            case 4:
                {
                    // A second entry of the same name (text level: JsonObject refuses duplicates).
                    family = "duplicate-tensor";
                    rawHeader = "{\"" + name + "\":" + entry.ToJsonString() + "," + header.ToJsonString()[1..];
                    break;
                }
            case 5:
                family = "metadata";
                header["__metadata__"] = random.Next(4) switch
                {
                    0 => JsonNode.Parse("{\"k\":1}"),
                    1 => JsonNode.Parse("[\"a\"]"),
                    2 => JsonNode.Parse("{\"k\":{\"n\":\"x\"}}"),
                    _ => new JsonObject { ["k"] = new string('m', 1 << 20) },
                };
                break;
            case 6:
                family = "json";
                rawHeader = Encoding.UTF8.GetString(JsonMutator.Mutate(random, header.ToJsonString()).Input);
                break;
            case 7:
                {
                    family = "truncated-data";
                    var bytes = real[..(8 + headerLength + random.Next(data.Length))];
                    return new(family, bytes);
                }
            case 8:
                family = "header-bytes";
                return new(family, ByteMutator.Mutate(random, real, limitTo: 8 + headerLength).Bytes);
            default:
                family = "valid";
                break;
        }
        var text = Encoding.UTF8.GetBytes(rawHeader ?? header.ToJsonString());
        var result = new byte[8 + text.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)text.Length);
        text.CopyTo(result, 8);
        data.CopyTo(result, 8 + text.Length);
        return new(family, result);
    }
}
