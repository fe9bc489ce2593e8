using Atlas.Engine.Models;
using Atlas.Engine.Onnx;
using Xunit.Abstractions;

namespace Atlas.Agent.Tests.Cli;

public sealed class ModelVerifyCommandTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-verify-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Save(OnnxModel model, string name)
    {
        var path = Path.Combine(_folder, name);
        model.Save(path);
        return path;
    }

    [Fact]
    public async Task Verify_SmallVit_PrintsDifferencesAndPasses()
    {
        var path = Save(VisionTransformerBuilder.Build(new VisionTransformerOptions { Depth = 1, Classes = 5, Seed = 2 }), "vit.onnx");
        var (exit, output, error) = await CliRunner.RunAsync("model", "verify", path, "--batch", "3");
        log.WriteLine(output);
        Assert.True(exit == 0, output + error);
        Assert.Contains("input     input [3,3,16,16]", output, StringComparison.Ordinal);
        Assert.Contains("max abs diff", output, StringComparison.Ordinal);
        Assert.Contains("max rel diff", output, StringComparison.Ordinal);
        // Four initializers (the largest first), three elements each.
        var gradientLines = output.Split('\n').Where(l => l.StartsWith("gradient  ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(12, gradientLines.Length);
        Assert.StartsWith("gradient  encoder.layers.0.mlp.0.weight[", gradientLines[0], StringComparison.Ordinal);
        Assert.Equal(4, gradientLines.Select(l => l.Split('[')[0]).Distinct().Count());
        Assert.EndsWith("PASS", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SmallCnn_Passes()
    {
        var path = Save(ModelZoo.SmallCnn(classes: 4, seed: 1, width: 8), "cnn.onnx");
        var (exit, output, error) = await CliRunner.RunAsync("model", "verify", path, "--batch", "1", "--tolerance", "1e-4");
        log.WriteLine(output);
        Assert.True(exit == 0, output + error);
        Assert.Contains("input     input [1,1,28,28]", output, StringComparison.Ordinal);
        Assert.Equal(12, output.Split('\n').Count(l => l.StartsWith("gradient  ", StringComparison.Ordinal)));
        Assert.EndsWith("PASS", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ImpossibleTolerance_PrintsFailAndExitsOne()
    {
        // ORT and TorchSharp reduce in different orders, so fp32 outputs are never bit-identical on a ViT.
        var tiny = new VisionTransformerOptions { ImageSize = 8, PatchSize = 4, Dim = 16, Heads = 2, Depth = 1, Classes = 5, Seed = 2 };
        var path = Save(VisionTransformerBuilder.Build(tiny), "vit.onnx");
        var (exit, output, _) = await CliRunner.RunAsync("model", "verify", path, "--tolerance", "1e-30", "--batch", "1");
        Assert.Equal(1, exit);
        Assert.EndsWith("FAIL", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SymbolicSpatialDimsWithoutShape_AsksForShape()
    {
        var builder = new OnnxGraphBuilder("dyn", 17);
        builder.AddInput("x", OnnxElementType.Float, "batch", 1, "height", "width");
        builder.AddInitializer("scale", [2f], 1);
        var y = builder.AddNode("Mul", ["x", "scale"]);
        builder.AddOutput(y, OnnxElementType.Float, "batch", 1, "height", "width");
        var path = Save(builder.Build(), "dyn.onnx");

        var (exit, _, error) = await CliRunner.RunAsync("model", "verify", path);
        Assert.Equal(2, exit);
        Assert.Contains("--shape", error, StringComparison.Ordinal);

        var (exitWithShape, output, error2) = await CliRunner.RunAsync("model", "verify", path, "--shape", "1x5x7", "--batch", "2");
        Assert.True(exitWithShape == 0, output + error2);
        Assert.Contains("input     x [2,1,5,7]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnsupportedOp_ExitsTwoNamingTheOp()
    {
        var builder = new OnnxGraphBuilder("odd", 17);
        builder.AddInput("x", OnnxElementType.Float, "batch", 4);
        var y = builder.AddNode("Hardmax", ["x"], name: "the_hardmax");
        builder.AddOutput(y, OnnxElementType.Float, "batch", 4);
        var path = Save(builder.Build(), "odd.onnx");

        var (exit, _, error) = await CliRunner.RunAsync("model", "verify", path);
        Assert.Equal(2, exit);
        Assert.Contains("Hardmax", error, StringComparison.Ordinal);
        Assert.Contains("the_hardmax", error, StringComparison.Ordinal);
    }
}
