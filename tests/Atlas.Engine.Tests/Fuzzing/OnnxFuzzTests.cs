using System.Globalization;
using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using Atlas.Engine.Tests.Samples;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Hostile ONNX files made from the shipped sample's <c>base.onnx</c>: byte flips and truncation of the file, and
/// structured mutations of its protobuf (missing initializers, wrong, huge and negative dims, unknown data types,
/// lying or external tensor data, unknown ops, broken and cyclic wiring, mistyped or absurd attributes, deeply nested
/// subgraphs, broken graph inputs and outputs, odd opsets). Loading, reading every initializer and preparing a
/// <see cref="GraphExecutor"/> either work or fail with <see cref="OnnxFormatException"/> or
/// <see cref="GraphExecutionException"/>; never StackOverflow, OutOfMemory or IndexOutOfRange.
/// Budget: <c>ATLAS_FUZZ_SECONDS</c> (default 2 s each).
/// </summary>
public sealed class OnnxFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Lazy<byte[]> Base = new(() => File.ReadAllBytes(RepositoryFiles.Path("samples", "fashion-camera", "base.onnx")));

    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-onnxfuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FuzzTarget<byte[]> Target(string name, Func<Random, FuzzCase<byte[]>> generate) => new()
    {
        Name = name,
        Generate = generate,
        Run = bytes => LoadAndPrepare(bytes),
        IsDomainError = e => e is OnnxFormatException or GraphExecutionException,
        ToBytes = bytes => bytes,
    };

    [Fact]
    public async Task SampleModel_ByteFlipsAndTruncation_LoadOrFailWithDomainException()
    {
        var report = await Fuzzer.RunAsync(Target("onnx-bytes", random => random.Next(4) == 0
            ? new("truncated", Base.Value[..random.Next(Base.Value.Length)])
            : new("mutated", ByteMutator.Mutate(random, Base.Value).Bytes)), FuzzBudget.FromEnvironment(2, 40), output.WriteLine);

        Assert.True(report.Rejected > 0, report.ToString());
    }

    [Fact]
    public async Task SampleModel_StructuredProtobufMutations_LoadOrFailWithDomainException()
    {
        var report = await Fuzzer.RunAsync(Target("onnx-structured", Mutate), FuzzBudget.FromEnvironment(3, 40), output.WriteLine);

        Assert.True(report.Accepted > 0, report.ToString());
        Assert.True(report.Rejected > report.Iterations / 3, report.ToString());
    }

    [Theory]
    [InlineData("Mul")]
    [InlineData("Reshape")]
    [InlineData("InstanceNormalization")]
    [InlineData("Unsqueeze")]
    [InlineData("Shape")]
    public void SampleModel_GroupNormChainNodeWithoutInputs_PreparesOrFailsWithDomainException(string opType)
    {
        // Found by onnx-structured, seed 7, iteration 0 (wiring): a Mul of the sample's lowered GroupNorm lost its
        // inputs and the fusion pass indexed them (IndexOutOfRangeException). Each node of the chain's op types, in turn.
        var nodes = ModelProto.Parser.ParseFrom(Base.Value).Graph.Node.Count(n => n.OpType == opType);
        Assert.True(nodes > 0, $"the sample has no {opType} node");
        for (var k = 0; k < Math.Min(nodes, 4); k++)
        {
            var proto = ModelProto.Parser.ParseFrom(Base.Value);
            proto.Graph.Node.Where(n => n.OpType == opType).ElementAt(k).Input.Clear();

            var error = Record.Exception(() => LoadAndPrepare(proto.ToByteArray()));

            Assert.True(error is null or GraphExecutionException or OnnxFormatException, $"{opType} #{k}: {error?.GetType().Name}: {error?.Message}");
        }
    }

    [Theory]
    [InlineData("offset", "99999999999999999999")] // found by onnx-structured, seed 7, iteration 309: OverflowException
    [InlineData("offset", "abc")]
    [InlineData("length", "-5")]
    [InlineData("offset", "9223372036854775807")] // offset + length overflowed past the range check
    public void ExternalDataNumberThatIsNotAnOffset_FailsWithOnnxFormatException(string key, string value)
    {
        var proto = ModelProto.Parser.ParseFrom(Base.Value);
        var initializer = proto.Graph.Initializer[0];
        initializer.RawData = ByteString.Empty;
        initializer.DataLocation = TensorProto.Types.DataLocation.External;
        initializer.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        initializer.ExternalData.Add(new StringStringEntryProto { Key = key, Value = value });

        var error = Assert.Throws<OnnxFormatException>(() => LoadAndPrepare(proto.ToByteArray()));

        Assert.Contains(initializer.Name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1L, -1L)] // the product 1 passed the count check, then torch was handed dims [-1, -1]
    [InlineData(-4L, 1L)] // new byte[-16]: OverflowException
    [InlineData(1L << 40, 1L)] // new byte[2^42]: OutOfMemoryException
    [InlineData(1L << 62, 8L)] // the product wrapped around
    public void TypedFieldInitializerWithLyingDims_FailsWithOnnxFormatException(long first, long second)
    {
        var proto = ModelProto.Parser.ParseFrom(Base.Value);
        var initializer = proto.Graph.Initializer.First(i => i.DataType == (int)OnnxElementType.Float);
        initializer.RawData = ByteString.Empty;
        initializer.FloatData.Add(1f);
        initializer.Dims.Clear();
        initializer.Dims.AddRange([first, second]);

        var error = Assert.Throws<OnnxFormatException>(() => LoadAndPrepare(proto.ToByteArray()));

        Assert.Contains(initializer.Name, error.Message, StringComparison.Ordinal);
    }

    private void LoadAndPrepare(byte[] bytes)
    {
        var path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, bytes);
        File.WriteAllBytes(Path.Combine(_folder, "weights.bin"), new byte[4096]);
        var model = OnnxModel.Load(path);
        _ = (model.Inputs.Count, model.Outputs.Count, model.Opset, model.Metadata.Count);
        foreach (var initializer in model.Initializers)
        {
            if (initializer.ElementType is OnnxElementType.Float or OnnxElementType.Float16 or OnnxElementType.BFloat16 or OnnxElementType.Double)
                _ = model.ReadFloatInitializer(initializer.Name);
            else
                _ = model.ReadInt64Initializer(initializer.Name);
        }
        using var executor = new GraphExecutor(model);
    }

    private static FuzzCase<byte[]> Mutate(Random random)
    {
        var model = ModelProto.Parser.ParseFrom(Base.Value);
        var graph = model.Graph;
        var initializer = graph.Initializer[random.Next(graph.Initializer.Count)];
        var node = graph.Node[random.Next(graph.Node.Count)];
        string family;
        switch (random.Next(12))
        {
            case 0:
                family = "drop-initializer";
                graph.Initializer.Remove(initializer);
                break;
            case 1:
                {
                    family = "initializer-dims";
                    long[][] dims = [[], [0], [-1], [-1, -1], [1L << 40], [1L << 62, 4], [3], [.. initializer.Dims, 1], [.. initializer.Dims.Skip(1)], [.. Enumerable.Repeat(1L, 200)]];
                    initializer.Dims.Clear();
                    initializer.Dims.AddRange(dims[random.Next(dims.Length)]);
                    break;
                }
            case 2:
                family = "initializer-type";
                initializer.DataType = new[] { 0, 2, 3, 7, 8, 9, 10, 11, 14, 16, 17, 21, 99, -1 }[random.Next(14)];
                break;
            case 3:
                family = "initializer-data";
                switch (random.Next(5))
                {
                    case 0: initializer.RawData = ByteString.Empty; break;
                    case 1: initializer.RawData = ByteString.CopyFrom(initializer.RawData.Span[..random.Next(initializer.RawData.Length)]); break;
                    case 2:
                        initializer.RawData = ByteString.Empty;
                        initializer.FloatData.AddRange(Enumerable.Range(0, random.Next(20)).Select(i => (float)i));
                        break;
                    case 3:
                        initializer.RawData = ByteString.Empty;
                        initializer.Int32Data.AddRange(Enumerable.Range(0, random.Next(20)));
                        if (random.Next(2) == 0)
                        {
                            // Typed fields with lying dims: the count must be checked before anything is allocated.
                            initializer.Dims.Clear();
                            initializer.Dims.AddRange(new long[][] { [-1, -1], [1L << 40], [-4], [1L << 62, 8] }[random.Next(4)]);
                        }
                        break;
                    default:
                        initializer.RawData = ByteString.Empty;
                        initializer.DataLocation = TensorProto.Types.DataLocation.External;
                        string[] locations = ["weights.bin", "missing.bin", "../../etc/passwd", "/etc/passwd", "", "."];
                        string[] numbers = ["0", "-5", "abc", "99999999999999999999", "4096", "1e3", "9223372036854775807", " 12"];
                        initializer.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = locations[random.Next(locations.Length)] });
                        if (random.Next(2) == 0) initializer.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = numbers[random.Next(numbers.Length)] });
                        if (random.Next(2) == 0) initializer.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = numbers[random.Next(numbers.Length)] });
                        break;
                }
                break;
            case 4:
                family = "unknown-op";
                node.OpType = new[] { "Foo", "", "conv", "Loop", "If", "Scan", "CustomOp" }[random.Next(7)];
                if (random.Next(3) == 0) node.Domain = "com.example";
                break;
            case 5:
                {
                    family = "wiring";
                    var later = graph.Node[random.Next(graph.Node.Count)];
                    switch (random.Next(5))
                    {
                        case 0: node.Input.Clear(); break;
                        case 1: node.Input.Add("no-such-value"); break;
                        case 2 when node.Input.Count > 0 && later.Output.Count > 0: node.Input[0] = later.Output[0]; break; // a cycle when later depends on node
                        case 3 when node.Output.Count > 0: node.Input.Add(node.Output[0]); break; // a self-loop
                        default: node.Output.Add(graph.Initializer[0].Name); break;
                    }
                    break;
                }
            case 6:
                family = "outputs";
                if (node.Output.Count > 0) node.Output[0] = random.Next(2) == 0 ? "" : graph.Node[0].Output[0];
                break;
            case 7:
                {
                    family = "attributes";
                    var attribute = node.Attribute.Count > 0 && random.Next(3) != 0 ? node.Attribute[random.Next(node.Attribute.Count)] : null;
                    if (attribute is null)
                    {
                        node.Attribute.Add(OnnxAttributes.Int(new[] { "axis", "strides", "unknown_attribute", "group", "transB" }[random.Next(5)], random.Next(-3, 4)));
                    }
                    else
                    {
                        switch (random.Next(5))
                        {
                            case 0: node.Attribute.Remove(attribute); break;
                            case 1: node.Attribute.Add(OnnxAttributes.Float(attribute.Name, 1.5f)); node.Attribute.Remove(attribute); break;
                            case 2: node.Attribute.Add(OnnxAttributes.Ints(attribute.Name, 0, -1, 1L << 40)); node.Attribute.Remove(attribute); break;
                            case 3: node.Attribute.Add(OnnxAttributes.Ints(attribute.Name)); node.Attribute.Remove(attribute); break;
                            default: node.Attribute.Add(OnnxAttributes.Int(attribute.Name, long.MaxValue)); node.Attribute.Remove(attribute); break;
                        }
                    }
                    break;
                }
            case 8:
                {
                    family = "nested-graph";
                    var depth = random.Next(2) == 0 ? random.Next(2, 40) : random.Next(90, 400);
                    var inner = new GraphProto { Name = "g0" };
                    for (var d = 1; d < depth; d++)
                    {
                        var wrapper = new NodeProto { OpType = "If", Name = $"if{d}" };
                        wrapper.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = inner });
                        inner = new GraphProto { Name = $"g{d}" };
                        inner.Node.Add(wrapper);
                    }
                    node.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeProto.Types.AttributeType.Graph, G = inner });
                    break;
                }
            case 9:
                {
                    family = "graph-io";
                    var io = random.Next(2) == 0 ? graph.Input : graph.Output;
                    switch (random.Next(4))
                    {
                        case 0: io.Clear(); break;
                        case 1: io[0].Name = "no-such-value"; break;
                        case 2: io[0].Type = null; break;
                        default:
                            io[0].Type?.TensorType?.Shape?.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = -7 });
                            if (io[0].Type?.TensorType is { } t) t.ElemType = 99;
                            break;
                    }
                    break;
                }
            case 10:
                family = "opset";
                model.OpsetImport.Clear();
                if (random.Next(3) != 0) model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = new long[] { 0, -1, 1, 6, 1000 }[random.Next(5)] });
                break;
            default:
                family = "valid";
                break;
        }
        return new(family, model.ToByteArray());
    }
}
