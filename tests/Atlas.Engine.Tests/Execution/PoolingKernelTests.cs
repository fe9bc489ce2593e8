using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Tests.Execution;

public sealed class PoolingKernelTests
{
    private static AttributeProto[] Attributes(long[] kernel, long[]? strides, long[]? pads, bool ceil, string? autoPad, long[]? dilations = null, long? countIncludePad = null)
    {
        var list = new List<AttributeProto> { OnnxAttributes.Ints("kernel_shape", kernel) };
        if (strides is not null) list.Add(OnnxAttributes.Ints("strides", strides));
        if (pads is not null) list.Add(OnnxAttributes.Ints("pads", pads));
        if (ceil) list.Add(OnnxAttributes.Int("ceil_mode", 1));
        if (autoPad is not null) list.Add(OnnxAttributes.String("auto_pad", autoPad));
        if (dilations is not null) list.Add(OnnxAttributes.Ints("dilations", dilations));
        if (countIncludePad is not null) list.Add(OnnxAttributes.Int("count_include_pad", countIncludePad.Value));
        return [.. list];
    }

    public static TheoryData<string, long[], long[]?, long[]?, bool, string?, long[]?> MaxPoolVariants => new()
    {
        { "2x2 stride 2", [2, 2], [2, 2], null, false, null, null },
        { "3x3 pads 1", [3, 3], [2, 2], [1, 1, 1, 1], false, null, null },
        { "ceil mode", [3, 2], [2, 2], null, true, null, null },
        { "ceil mode + pads", [3, 3], [2, 2], [1, 0, 1, 1], true, null, null },
        { "asymmetric pads", [2, 3], [1, 2], [0, 2, 1, 0], false, null, null },
        { "dilations", [2, 2], [1, 1], [1, 1, 1, 1], false, null, [2, 2] },
        { "ceil mode + dilations + asymmetric pads", [2, 3], [2, 3], [1, 0, 0, 2], true, null, [2, 1] },
        { "same_upper", [3, 3], [2, 2], null, false, "SAME_UPPER", null },
        { "same_lower", [2, 2], [2, 1], null, false, "SAME_LOWER", null },
    };

    [Theory]
    [MemberData(nameof(MaxPoolVariants))]
    public void MaxPool_AttributeVariants_MatchOrtAndFiniteDifferences(string variant, long[] kernel, long[]? strides, long[]? pads, bool ceil, string? autoPad, long[]? dilations)
    {
        _ = variant;
        var (model, feeds) = ParityHarness.SingleOp("MaxPool", [("x", [2, 3, 7, 8])], Attributes(kernel, strides, pads, ceil, autoPad, dilations));
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Fact]
    public void MaxPool1D_CeilMode_MatchesOrt()
    {
        var (model, feeds) = ParityHarness.SingleOp("MaxPool", [("x", [2, 2, 10])], Attributes([3], [2], [1, 0], true, null));
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void MaxPool_IndicesOutput_IsRejectedBeforeRunning()
    {
        var (model, _) = ParityHarness.SingleOp("MaxPool", [("x", [1, 1, 4, 4])], Attributes([2, 2], null, null, false, null), outputCount: 2);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("Indices", error.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, long[], long[]?, long[]?, bool, string?, long> AveragePoolVariants => new()
    {
        { "2x2 stride 2", [2, 2], [2, 2], null, false, null, 0 },
        { "pads excluded", [3, 3], [2, 2], [1, 1, 1, 1], false, null, 0 },
        { "pads included", [3, 3], [2, 2], [1, 1, 1, 1], false, null, 1 },
        { "asymmetric pads excluded", [2, 3], [1, 2], [0, 2, 1, 0], false, null, 0 },
        { "asymmetric pads included", [2, 3], [1, 2], [0, 2, 1, 0], false, null, 1 },
        { "ceil excluded", [3, 2], [2, 2], [1, 0, 0, 1], true, null, 0 },
        { "ceil included", [3, 2], [2, 2], [1, 0, 0, 1], true, null, 1 },
        { "same_upper", [3, 3], [2, 2], null, false, "SAME_UPPER", 0 },
        { "same_lower included", [2, 2], [1, 2], null, false, "SAME_LOWER", 1 },
    };

    [Theory]
    [MemberData(nameof(AveragePoolVariants))]
    public void AveragePool_AttributeVariants_MatchOrtAndFiniteDifferences(string variant, long[] kernel, long[]? strides, long[]? pads, bool ceil, string? autoPad, long countIncludePad)
    {
        _ = variant;
        var (model, feeds) = ParityHarness.SingleOp("AveragePool", [("x", [2, 3, 7, 8])], Attributes(kernel, strides, pads, ceil, autoPad, countIncludePad: countIncludePad));
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Fact]
    public void AveragePool1D_PadsAndCeil_MatchesOrt()
    {
        var (model, feeds) = ParityHarness.SingleOp("AveragePool", [("x", [2, 2, 9])], Attributes([4], [3], [2, 1], true, null, countIncludePad: 1));
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void GlobalAveragePool_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("GlobalAveragePool", [("x", [2, 3, 4, 5])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }
}
