using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Execution;

public sealed class ModelVerifierTests
{
    /// <summary>x [batch, 4] → Gemm(w [3,4], b [3]) → Tanh, plus an unused int64 initializer that must not be checked.</summary>
    private static OnnxModel Tiny()
    {
        var builder = new OnnxGraphBuilder("tiny", 17);
        builder.AddInput("x", OnnxElementType.Float, "batch", 4);
        builder.AddInitializer("w", [.. Enumerable.Range(0, 12).Select(i => (i - 6) / 7f)], 3, 4);
        builder.AddInitializer("b", [0.1f, -0.2f, 0.3f], 3);
        builder.AddInt64Initializer("unused_axes", [0], 1);
        var h = builder.AddNode("Gemm", ["x", "w", "b"], [OnnxAttributes.Int("transB", 1)]);
        var y = builder.AddNode("Tanh", [h], output: "y");
        builder.AddOutput(y, OnnxElementType.Float, "batch", 3);
        return builder.Build();
    }

    [Fact]
    public void Verify_TinyModel_PassesAndChecksTheLargestInitializerFirst()
    {
        var report = ModelVerifier.Verify(Tiny(), new ModelVerifierOptions { Batch = 5, ElementsPerInitializer = 2 });
        Assert.Equal([5L, 4L], report.InputShapes["x"]);
        Assert.True(report.MaxRelativeDifference <= 1e-4, $"relative difference {report.MaxRelativeDifference}");
        Assert.Equal(4, report.Gradients.Count);
        Assert.Equal("w", report.Gradients[0].Initializer);
        Assert.DoesNotContain(report.Gradients, g => g.Initializer == "unused_axes");
        Assert.All(report.Gradients, g => Assert.True(Math.Abs(g.Autograd) > 1e-6, $"{g.Initializer}[{g.Index}] has a zero gradient"));
        Assert.True(report.Passed);
    }

    [Fact]
    public void Verify_ShapeDisagreeingWithFixedDimension_ThrowsNamingTheInput()
    {
        var error = Assert.Throws<GraphExecutionException>(() => ModelVerifier.Verify(Tiny(), new ModelVerifierOptions { Shape = [5] }));
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fixes at 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ListEveryInvalidSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new ModelVerifierOptions { Batch = 0, Tolerance = -1, ElementsPerInitializer = 0 }.Validate());
        Assert.Contains("Batch", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tolerance", error.Message, StringComparison.Ordinal);
        Assert.Contains("ElementsPerInitializer", error.Message, StringComparison.Ordinal);
    }
}
