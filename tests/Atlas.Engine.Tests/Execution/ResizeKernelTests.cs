using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Tests.Execution;

/// <summary>Resize against ONNX Runtime (relative 1e-4) for the modes exporters emit, with float64 gradient checks.</summary>
public sealed class ResizeKernelTests
{
    /// <summary>Resize of x [1, 2, 5, 6] from scales or sizes, roi omitted.</summary>
    private static (OnnxModel Model, Dictionary<string, HostTensor> Feeds) Build(AttributeProto[] attributes, float[]? scales, long[]? sizes, long opset = 13, long[]? shape = null)
    {
        shape ??= [1, 2, 5, 6];
        var builder = new OnnxGraphBuilder("resize", opset);
        builder.AddInput("x", OnnxElementType.Float, [.. shape.Select(d => (object)d)]);
        string[] inputs;
        if (scales is not null)
        {
            builder.AddInitializer("scales", scales, scales.Length);
            inputs = ["x", "", "scales"];
        }
        else
        {
            builder.AddInitializer(OnnxTensorCodec.FromInt64s("sizes", sizes!, sizes!.Length));
            inputs = ["x", "", "", "sizes"];
        }
        var y = builder.AddNode("Resize", inputs, attributes, name: "the_Resize");
        builder.AddOutputWithoutShape(y, OnnxElementType.Float);
        return (builder.Build(), new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(4, shape) });
    }

    private static AttributeProto[] Attributes(string mode, string transform, string? nearest = null)
    {
        var list = new List<AttributeProto> { OnnxAttributes.String("mode", mode), OnnxAttributes.String("coordinate_transformation_mode", transform) };
        if (nearest is not null) list.Add(OnnxAttributes.String("nearest_mode", nearest));
        return [.. list];
    }

    public static TheoryData<string, string, float> NearestScaleCases()
    {
        var data = new TheoryData<string, string, float>();
        foreach (var transform in new[] { "asymmetric", "half_pixel", "pytorch_half_pixel", "align_corners" })
            foreach (var nearest in new[] { "floor", "round_prefer_floor", "round_prefer_ceil", "ceil" })
                foreach (var scale in new[] { 2f, 0.6f })
                    data.Add(transform, nearest, scale);
        return data;
    }

    [Theory]
    [MemberData(nameof(NearestScaleCases))]
    public void Resize_NearestFromScales_MatchesOrt(string transform, string nearest, float scale)
    {
        var (model, feeds) = Build(Attributes("nearest", transform, nearest), [1, 1, scale, scale], null);
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Theory]
    [InlineData("asymmetric", "floor")]
    [InlineData("half_pixel", "round_prefer_floor")]
    [InlineData("align_corners", "round_prefer_ceil")]
    public void Resize_NearestFromSizes_MatchesOrtAndFiniteDifferences(string transform, string nearest)
    {
        var (model, feeds) = Build(Attributes("nearest", transform, nearest), null, [1, 2, 8, 4]);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Theory]
    [InlineData("half_pixel", 2f)]
    [InlineData("half_pixel", 0.5f)]
    [InlineData("pytorch_half_pixel", 1.5f)]
    [InlineData("align_corners", 2f)]
    [InlineData("asymmetric", 2f)]
    [InlineData("asymmetric", 0.7f)]
    public void Resize_BilinearFromScales_MatchesOrtAndFiniteDifferences(string transform, float scale)
    {
        var (model, feeds) = Build(Attributes("linear", transform), [1, 1, scale, scale], null);
        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds, ["x"]);
    }

    [Fact]
    public void Resize_BilinearFromSizes_MatchesOrt()
    {
        var (model, feeds) = Build(Attributes("linear", "align_corners"), null, [1, 2, 3, 11]);
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void Resize_SizesOnAxesAtOpset18_MatchesOrt()
    {
        var attributes = Attributes("nearest", "asymmetric", "floor").Append(OnnxAttributes.Ints("axes", 2, 3)).ToArray();
        var (model, feeds) = Build(attributes, null, [10, 3], opset: 18);
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void Resize_Cubic_IsRejectedBeforeRunningNamingModeAndNode()
    {
        var (model, _) = Build(Attributes("cubic", "half_pixel"), [1, 1, 2, 2], null);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("cubic", error.Message, StringComparison.Ordinal);
        Assert.Contains("the_Resize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_TfCropAndResize_IsRejectedBeforeRunning()
    {
        var (model, _) = Build(Attributes("linear", "tf_crop_and_resize"), [1, 1, 2, 2], null);
        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(model));
        Assert.Contains("tf_crop_and_resize", error.Message, StringComparison.Ordinal);
    }
}
