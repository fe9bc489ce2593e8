using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Tests.Execution;

public sealed class ConvKernelTests
{
    private static AttributeProto[] Attributes(long[]? strides, long[]? pads, long[]? dilations, long group, string? autoPad)
    {
        var list = new List<AttributeProto>();
        if (strides is not null) list.Add(OnnxAttributes.Ints("strides", strides));
        if (pads is not null) list.Add(OnnxAttributes.Ints("pads", pads));
        if (dilations is not null) list.Add(OnnxAttributes.Ints("dilations", dilations));
        if (group != 1) list.Add(OnnxAttributes.Int("group", group));
        if (autoPad is not null) list.Add(OnnxAttributes.String("auto_pad", autoPad));
        return [.. list];
    }

    public static TheoryData<string, long[]?, long[]?, long[]?, long, string?> Conv2DVariants => new()
    {
        { "plain", null, null, null, 1, null },
        { "stride+pads", [2, 2], [1, 1, 1, 1], null, 1, null },
        { "asymmetric pads", [1, 2], [0, 1, 2, 0], null, 1, null },
        { "dilation", null, [2, 2, 2, 2], [2, 2], 1, null },
        { "groups", [1, 1], [1, 1, 1, 1], null, 2, null },
        { "depthwise", [2, 1], [1, 1, 1, 1], null, 4, null },
        { "same_upper stride 2", [2, 2], null, null, 1, "SAME_UPPER" },
        { "same_lower stride 2", [2, 2], null, null, 1, "SAME_LOWER" },
        { "valid", [2, 1], null, [1, 2], 1, "VALID" },
    };

    [Theory]
    [MemberData(nameof(Conv2DVariants))]
    public void Conv2D_AttributeVariants_MatchOrtAndFiniteDifferences(string variant, long[]? strides, long[]? pads, long[]? dilations, long group, string? autoPad)
    {
        _ = variant;
        var (model, feeds) = ParityHarness.SingleOp("Conv", [("x", [2, 4, 6, 7])], Attributes(strides, pads, dilations, group, autoPad),
            initializers: [("w", [8, 4 / group, 3, 2]), ("b", [8])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "w", "b"]);
    }

    [Theory]
    [InlineData(1L, "SAME_LOWER")]
    [InlineData(2L, "SAME_UPPER")]
    [InlineData(3L, null)]
    public void Conv1D_StridesAndAutoPad_MatchOrtAndFiniteDifferences(long stride, string? autoPad)
    {
        var pads = autoPad is null ? new long[] { 2, 1 } : null;
        var (model, feeds) = ParityHarness.SingleOp("Conv", [("x", [2, 2, 9])], Attributes([stride], pads, null, 1, autoPad),
            initializers: [("w", [3, 2, 4])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "w"]);
    }

    [Fact]
    public void Conv3D_WithPadsAndStride_MatchesOrt()
    {
        var (model, feeds) = ParityHarness.SingleOp("Conv", [("x", [1, 2, 4, 5, 5])], Attributes([1, 2, 2], [1, 0, 1, 0, 1, 1], null, 1, null),
            initializers: [("w", [3, 2, 2, 3, 3]), ("b", [3])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    public static TheoryData<string, long[]?, long[]?, long[]?, long[]?, long> ConvTransposeVariants => new()
    {
        { "plain", null, null, null, null, 1 },
        { "stride 2 + pads", [2, 2], [1, 1, 1, 1], null, null, 1 },
        { "output_padding", [2, 3], [0, 1, 0, 1], [1, 2], null, 1 },
        { "asymmetric pads", [2, 2], [0, 1, 2, 0], null, null, 1 },
        { "dilations", [1, 2], null, null, [2, 1], 1 },
        { "groups", [2, 1], [1, 0, 1, 0], null, null, 2 },
        { "asymmetric pads + output_padding", [3, 2], [1, 0, 0, 1], [2, 1], null, 1 },
    };

    [Theory]
    [MemberData(nameof(ConvTransposeVariants))]
    public void ConvTranspose2D_AttributeVariants_MatchOrtAndFiniteDifferences(string variant, long[]? strides, long[]? pads, long[]? outputPadding, long[]? dilations, long group)
    {
        _ = variant;
        var attributes = Attributes(strides, pads, dilations, group, null).ToList();
        if (outputPadding is not null) attributes.Add(OnnxAttributes.Ints("output_padding", outputPadding));
        var (model, feeds) = ParityHarness.SingleOp("ConvTranspose", [("x", [2, 4, 3, 4])], [.. attributes],
            initializers: [("w", [4, 6 / group, 3, 2]), ("b", [6])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "w", "b"]);
    }

    [Fact]
    public void ConvTranspose1D_StrideAndPads_MatchesOrtAndFiniteDifferences()
    {
        var (model, feeds) = ParityHarness.SingleOp("ConvTranspose", [("x", [1, 3, 5])],
            [OnnxAttributes.Ints("strides", 2), OnnxAttributes.Ints("pads", 1, 0), OnnxAttributes.Ints("output_padding", 1)],
            initializers: [("w", [3, 2, 3])]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x", "w"]);
    }

    [Fact]
    public void ConvTranspose_SameAutoPad_IsRejectedBeforeRunning()
    {
        var (model, _) = ParityHarness.SingleOp("ConvTranspose", [("x", [1, 3, 5, 5])], [OnnxAttributes.String("auto_pad", "SAME_UPPER")],
            initializers: [("w", [3, 2, 3, 3])]);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("'auto_pad'='SAME_UPPER'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv_ChannelMismatch_FailsNamingNodeAndShapes()
    {
        var (model, feeds) = ParityHarness.SingleOp("Conv", [("x", [1, 3, 5, 5])], initializers: [("w", [2, 4, 3, 3])]);
        var error = Assert.Throws<GraphExecutionException>(() => ParityHarness.RunExecutor(model, feeds));
        Assert.Contains("'the_Conv' (Conv", error.Message, StringComparison.Ordinal);
        Assert.Contains("input channels 3", error.Message, StringComparison.Ordinal);
    }
}
