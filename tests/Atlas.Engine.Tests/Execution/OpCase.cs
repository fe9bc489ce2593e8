using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>
/// One-node parity (and optionally gradient) check for ops with a float data input <c>x</c> and int64 auxiliary
/// inputs (shapes, axes, indices) stored as initializers, the way exporters store them.
/// </summary>
internal static class OpCase
{
    /// <summary>
    /// Builds <paramref name="op"/> with input <c>x</c> of <paramref name="shape"/> (seeded uniform in [-1, 1)) and
    /// the given int64 initializers, asserts parity with ONNX Runtime (relative 1e-4 in fp32) and, when
    /// <paramref name="gradient"/> is set, the gradient with respect to x against central differences (float64).
    /// </summary>
    /// <param name="nodeInputs">Node inputs in order; "" omits an optional input. Defaults to x then the ints in order.</param>
    public static void Check(string op, long[] shape, (string Name, long[] Values)[]? ints = null, AttributeProto[]? attributes = null,
        long opset = 17, string[]? nodeInputs = null, int outputCount = 1, OnnxElementType outputType = OnnxElementType.Float,
        bool gradient = true, HostTensor? x = null)
    {
        ints ??= [];
        var feeds = ints.ToDictionary(i => i.Name, i => HostTensor.Int64(i.Values, i.Values.Length), StringComparer.Ordinal);
        if (x is not null) feeds["x"] = x;
        var (model, given) = ParityHarness.SingleOp(op, [("x", shape)], attributes,
            initializers: [.. ints.Select(i => (i.Name, new long[] { i.Values.Length }))],
            outputCount: outputCount, opset: opset, feeds: feeds, nodeInputs: nodeInputs, outputType: outputType);
        ParityHarness.AssertMatchesOrt(model, given);
        if (gradient) GradientChecker.AssertGradientsMatch(model, given, ["x"]);
    }

    /// <summary>A scalar int64 initializer (shape []).</summary>
    public static OnnxModel WithScalarIndex(string op, long[] shape, long index, AttributeProto[] attributes, long opset = 17)
    {
        var builder = new OnnxGraphBuilder($"single_{op}", opset);
        builder.AddInput("x", OnnxElementType.Float, [.. shape.Select(d => (object)d)]);
        builder.AddInitializer(OnnxTensorCodec.FromInt64s("i", [index]));
        var y = builder.AddNode(op, ["x", "i"], attributes);
        builder.AddOutputWithoutShape(y, OnnxElementType.Float);
        return builder.Build();
    }
}
