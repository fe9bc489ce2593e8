using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>ReduceMean, ReduceSum and ReduceMax against ONNX Runtime (relative 1e-4) across the axes-attribute and axes-input opsets.</summary>
public sealed class ReduceKernelTests
{
    public static TheoryData<string, long, long[]?, long> AttributeCases => new()
    {
        { "ReduceMean", 17, [1], 1 },
        { "ReduceMean", 13, [-1, 0], 0 },
        { "ReduceMean", 17, null, 1 },
        { "ReduceMax", 17, [2], 0 },
        { "ReduceMax", 13, null, 0 },
        { "ReduceSum", 11, [0, 2], 1 },
    };

    [Theory]
    [MemberData(nameof(AttributeCases))]
    public void Reduce_AxesAttribute_MatchesOrt(string op, long opset, long[]? axes, long keepDims)
    {
        var attributes = new List<AttributeProto> { OnnxAttributes.Int("keepdims", keepDims) };
        if (axes is not null) attributes.Add(OnnxAttributes.Ints("axes", axes));
        OpCase.Check(op, [2, 3, 4], attributes: [.. attributes], opset: opset, gradient: op != "ReduceMax");
    }

    public static TheoryData<string, long, long[]?, long, long> InputCases => new()
    {
        { "ReduceSum", 13, [1], 1, 0 },
        { "ReduceSum", 13, [-1, 0], 0, 0 },
        { "ReduceSum", 13, null, 0, 0 },
        { "ReduceSum", 13, null, 1, 1 },
        { "ReduceMean", 18, [0, 1], 1, 0 },
        { "ReduceMean", 18, null, 1, 0 },
        { "ReduceMean", 18, [], 1, 1 },
        { "ReduceMax", 18, [1, 2], 0, 0 },
        { "ReduceMax", 18, null, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(InputCases))]
    public void Reduce_AxesInputAndNoopWithEmptyAxes_MatchesOrt(string op, long opset, long[]? axes, long keepDims, long noop)
    {
        var attributes = new[] { OnnxAttributes.Int("keepdims", keepDims), OnnxAttributes.Int("noop_with_empty_axes", noop) };
        (string, long[])[] ints = axes is null ? [] : [("axes", axes)];
        OpCase.Check(op, [2, 3, 4], ints, attributes, opset: opset, gradient: op != "ReduceMax");
    }

    [Fact]
    public void ReduceMax_Int64_StaysInt64()
    {
        var builder = new OnnxGraphBuilder("rmax", 17);
        builder.AddInput("x", OnnxElementType.Int64, 2, 3);
        var y = builder.AddNode("ReduceMax", ["x"], [OnnxAttributes.Ints("axes", 1), OnnxAttributes.Int("keepdims", 0)]);
        builder.AddOutputWithoutShape(y, OnnxElementType.Int64);
        ParityHarness.AssertMatchesOrt(builder.Build(), new Dictionary<string, HostTensor> { ["x"] = HostTensor.Int64([4, -2, 9, 1, 1, 0], 2, 3) });
    }
}
