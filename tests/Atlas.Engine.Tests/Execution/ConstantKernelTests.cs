using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Constant, ConstantOfShape and Range against ONNX Runtime (exact for ints, relative 1e-4 for floats).</summary>
public sealed class ConstantKernelTests
{
    /// <summary>x + Constant, so the constant's type and shape reach the output (and broadcasting checks the shape).</summary>
    private static void CheckConstantAdded(AttributeProto value, long[] xShape, OnnxElementType type)
    {
        var builder = new OnnxGraphBuilder("constant", 17);
        builder.AddInput("x", type, [.. xShape.Select(d => (object)d)]);
        var c = builder.AddNode("Constant", [], [value]);
        var y = builder.AddNode("Add", ["x", c]);
        builder.AddOutputWithoutShape(y, type);
        builder.AddOutputWithoutShape(c, type);
        var feeds = new Dictionary<string, HostTensor>
        {
            ["x"] = type == OnnxElementType.Float ? HostTensor.Random(1, xShape) : HostTensor.Int64([.. Enumerable.Range(0, (int)xShape.Aggregate(1L, (a, d) => a * d)).Select(i => (long)i)], xShape),
        };
        ParityHarness.AssertMatchesOrt(builder.Build(), feeds);
    }

    [Fact]
    public void Constant_TensorValue_MatchesOrt() =>
        CheckConstantAdded(OnnxAttributes.Tensor("value", OnnxTensorCodec.FromFloats("", [1, 2, 3], 3)), [2, 3], OnnxElementType.Float);

    [Fact]
    public void Constant_Int64TensorValue_MatchesOrt() =>
        CheckConstantAdded(OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", [5, -7], 2, 1)), [2, 3], OnnxElementType.Int64);

    [Fact]
    public void Constant_ValueFloat_MatchesOrt() => CheckConstantAdded(OnnxAttributes.Float("value_float", 2.5f), [4], OnnxElementType.Float);

    [Fact]
    public void Constant_ValueFloats_MatchesOrt() => CheckConstantAdded(OnnxAttributes.Floats("value_floats", 0.5f, -1f, 3f, 4f), [2, 4], OnnxElementType.Float);

    [Fact]
    public void Constant_ValueInt_MatchesOrt() => CheckConstantAdded(OnnxAttributes.Int("value_int", -3), [3], OnnxElementType.Int64);

    [Fact]
    public void Constant_ValueInts_MatchesOrt() => CheckConstantAdded(OnnxAttributes.Ints("value_ints", 10, 20, 30), [2, 3], OnnxElementType.Int64);

    [Theory]
    [InlineData(null)]
    [InlineData(OnnxElementType.Float)]
    [InlineData(OnnxElementType.Int64)]
    public void ConstantOfShape_DefaultFloatAndIntValues_MatchOrt(OnnxElementType? valueType)
    {
        var builder = new OnnxGraphBuilder("cos", 17);
        builder.AddInput("shape", OnnxElementType.Int64, 3);
        AttributeProto[] attributes = valueType switch
        {
            OnnxElementType.Float => [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromFloats("", [1.5f], 1))],
            OnnxElementType.Int64 => [OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", [7], 1))],
            _ => [],
        };
        var y = builder.AddNode("ConstantOfShape", ["shape"], attributes);
        builder.AddOutputWithoutShape(y, valueType ?? OnnxElementType.Float);
        ParityHarness.AssertMatchesOrt(builder.Build(), new Dictionary<string, HostTensor> { ["shape"] = HostTensor.Int64([2, 1, 3], 3) });
    }

    [Theory]
    [InlineData(0, 10, 3)]
    [InlineData(10, 0, -4)]
    [InlineData(5, 5, 1)]
    [InlineData(-2, 7, 2)]
    public void Range_Int64_MatchesOrt(long start, long limit, long delta)
    {
        var builder = new OnnxGraphBuilder("range", 17);
        foreach (var (name, v) in new[] { ("start", start), ("limit", limit), ("delta", delta) })
            builder.AddInitializer(OnnxTensorCodec.FromInt64s(name, [v]));
        builder.AddInput("x", OnnxElementType.Int64, 1);
        var r = builder.AddNode("Range", ["start", "limit", "delta"]);
        // Add x so the graph has an input; int64 results must stay int64 and exact.
        var y = builder.AddNode("Add", [r, "x"]);
        builder.AddOutputWithoutShape(y, OnnxElementType.Int64);
        ParityHarness.AssertMatchesOrt(builder.Build(), new Dictionary<string, HostTensor> { ["x"] = HostTensor.Int64([100], 1) });
    }

    [Theory]
    [InlineData(0f, 1f, 0.25f)]
    [InlineData(1f, -1.2f, -0.3f)]
    public void Range_Float_MatchesOrt(float start, float limit, float delta)
    {
        var builder = new OnnxGraphBuilder("range", 17);
        builder.AddInitializer(OnnxTensorCodec.FromFloats("limit", [limit]));
        builder.AddInitializer(OnnxTensorCodec.FromFloats("delta", [delta]));
        builder.AddInput("start", OnnxElementType.Float);
        var r = builder.AddNode("Range", ["start", "limit", "delta"]);
        builder.AddOutputWithoutShape(r, OnnxElementType.Float);
        ParityHarness.AssertMatchesOrt(builder.Build(), new Dictionary<string, HostTensor> { ["start"] = HostTensor.Float([start]) });
    }
}
