using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Cast against ONNX Runtime: exact for integer and bool results, relative 1e-4 for floats.</summary>
public sealed class CastKernelTests
{
    /// <summary>x → Cast(to[0]) → Cast(to[1]) → …; the last cast's type is the output type.</summary>
    private static void CheckChain(HostTensor x, params OnnxElementType[] targets)
    {
        var builder = new OnnxGraphBuilder("cast", 17);
        builder.AddInput("x", x.ElementType, [.. x.Shape.Select(d => (object)d)]);
        var value = "x";
        foreach (var to in targets) value = builder.AddNode("Cast", [value], [OnnxAttributes.Int("to", (long)to)]);
        builder.AddOutputWithoutShape(value, targets[^1]);
        ParityHarness.AssertMatchesOrt(builder.Build(), new Dictionary<string, HostTensor> { ["x"] = x });
    }

    private static readonly HostTensor Signed = HostTensor.Float([-2.7f, -0.5f, 0f, 0.4f, 1.5f, 3.99f, 1e-4f, -1e3f], 2, 4);

    [Fact]
    public void Cast_FloatToInt64_TruncatesTowardZero() => CheckChain(Signed, OnnxElementType.Int64);

    [Fact]
    public void Cast_FloatToInt32AndBack_MatchesOrt() => CheckChain(Signed, OnnxElementType.Int32, OnnxElementType.Float);

    [Fact]
    public void Cast_FloatToBool_NonZeroIsTrue() => CheckChain(Signed, OnnxElementType.Bool);

    [Fact]
    public void Cast_FloatThroughFloat16_RoundsLikeOrt() =>
        CheckChain(HostTensor.Random(3, [3, 5], -100f, 100f), OnnxElementType.Float16, OnnxElementType.Float);

    [Fact]
    public void Cast_Int64ToFloatAndDouble_MatchesOrt() =>
        CheckChain(HostTensor.Int64([-3, 0, 7, 1 << 20], 4), OnnxElementType.Double, OnnxElementType.Float);

    [Fact]
    public void Cast_BoolToInt64_MatchesOrt() =>
        CheckChain(HostTensor.Bool([true, false, true], 3), OnnxElementType.Int64);

    [Fact]
    public void Cast_Int64ToInt8AndUInt8_WrapsLikeOrt() =>
        CheckChain(HostTensor.Int64([-1, 5, 100, 42], 4), OnnxElementType.Int8, OnnxElementType.UInt8, OnnxElementType.Int64);
}
