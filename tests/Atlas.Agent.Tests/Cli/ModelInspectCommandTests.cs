using System.Text.Json;
using Atlas.Engine.Models;

namespace Atlas.Agent.Tests.Cli;

public sealed class ModelInspectCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-inspect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly VisionTransformerOptions Vit = new() { ImageSize = 16, Channels = 3, PatchSize = 4, Dim = 32, Depth = 2, Heads = 4, Classes = 7 };

    /// <summary>Parameter count of the ViT from its architecture, computed independently of the model file.</summary>
    private static long ExpectedVitParameters(VisionTransformerOptions o)
    {
        long e = o.Dim, m = o.EffectiveMlpDim, p = o.PatchSize, l = o.SequenceLength;
        long embedding = e * o.Channels * p * p + e + e + l * e;
        long block = 2 * e + (3 * e * e + 3 * e) + (e * e + e) + 2 * e + (m * e + m) + (e * m + e);
        return embedding + o.Depth * block + 2 * e + (o.Classes * e + o.Classes);
    }

    private string SaveVit()
    {
        var path = Path.Combine(_folder, "vit.onnx");
        VisionTransformerBuilder.Build(Vit).Save(path);
        return path;
    }

    [Fact]
    public async Task InspectJson_ReportsInterfaceOpsAndParameterCounts()
    {
        var path = SaveVit();
        var (exit, output, error) = await CliRunner.RunAsync("model", "inspect", path, "--json");
        Assert.True(exit == 0, error);

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(17, root.GetProperty("opset").GetInt64());
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal("Float", input.GetProperty("dtype").GetString());
        var shape = input.GetProperty("shape").EnumerateArray().ToArray();
        Assert.Equal("batch", shape[0].GetString());
        Assert.Equal([3L, 16L, 16L], shape[1..].Select(d => d.GetInt64()));
        Assert.Equal([7L], root.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Skip(1).Select(d => d.GetInt64()));
        Assert.Equal("vit", root.GetProperty("metadata").GetProperty("atlas.architecture").GetString());

        var ops = root.GetProperty("opHistogram");
        Assert.Equal(1, ops.GetProperty("Gemm").GetInt32());
        Assert.Equal(2 * Vit.Depth + 1, ops.GetProperty("LayerNormalization").GetInt32());
        Assert.Equal(Vit.Depth, ops.GetProperty("Softmax").GetInt32());
        Assert.Equal(root.GetProperty("nodeCount").GetInt32(), ops.EnumerateObject().Sum(p => p.Value.GetInt32()));

        var initializers = root.GetProperty("initializers").EnumerateArray().ToArray();
        var qkv = initializers.Single(i => i.GetProperty("name").GetString() == "encoder.layers.0.self_attention.in_proj_weight");
        Assert.Equal([96L, 32L], qkv.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(96 * 32, qkv.GetProperty("parameters").GetInt64());
        Assert.Equal(ExpectedVitParameters(Vit), root.GetProperty("totalParameters").GetInt64());
    }

    [Fact]
    public async Task InspectText_ListsInitializersAndTotal()
    {
        var path = SaveVit();
        var (exit, output, _) = await CliRunner.RunAsync("model", "inspect", path);
        Assert.Equal(0, exit);
        Assert.Contains("heads.head.weight", output, StringComparison.Ordinal);
        Assert.Contains("[batch,3,16,16]", output, StringComparison.Ordinal);
        Assert.Contains($"({ExpectedVitParameters(Vit)})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MissingFile_ExitsWithUsageErrorNamingTheFile()
    {
        var missing = Path.Combine(_folder, "nope.onnx");
        var (exit, _, error) = await CliRunner.RunAsync("model", "inspect", missing);
        Assert.Equal(2, exit);
        Assert.Contains("nope.onnx", error, StringComparison.Ordinal);
    }
}
