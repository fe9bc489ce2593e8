using System.Text.Json;
using Atlas.Agent.Cli;
using Atlas.Engine.Onnx;

namespace Atlas.Agent.Tests.Cli;

[Collection("Console")]
public sealed class BankCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-bankcli-").FullName;
    private readonly string _bank;
    private readonly string _basePath;
    private readonly OnnxModel _base;

    public BankCommandTests()
    {
        _bank = Path.Combine(_folder, "bank");
        _basePath = Path.Combine(_folder, "base.onnx");
        _base = BuildModel("fc.weight");
        _base.Save(_basePath);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static OnnxModel BuildModel(string weightName)
    {
        var b = new OnnxGraphBuilder("cli", opset: 17);
        var x = b.AddInput("x", OnnxElementType.Float, "batch", 4);
        var w = b.AddInitializer(weightName, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 3, 4);
        var c = b.AddInitializer("fc.bias", [0.5f, 0.25f, -1], 3);
        var y = b.AddNode("Gemm", [x, w, c], [OnnxAttributes.Int("transB", 1)], output: "logits", name: "fc");
        b.AddOutput(y, OnnxElementType.Float, "batch", 3);
        return b.Build();
    }

    /// <summary>A fine-tune that adds 0.5 to every fc.weight element (exact in f16) and leaves fc.bias alone.</summary>
    private string SaveFineTuned()
    {
        var path = Path.Combine(_folder, "fog.onnx");
        _base.Save(path, new Dictionary<string, float[]> { ["fc.weight"] = _base.ReadFloatInitializer("fc.weight").Select(v => v + 0.5f).ToArray() });
        return path;
    }

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        using var capture = new ConsoleCapture();
        var exit = await CliApplication.RunAsync(args);
        return (exit, capture.Out, capture.Error);
    }

    [Fact]
    public async Task CreateAddListInspectVerifyRemove_WorkEndToEnd()
    {
        Assert.Equal(0, (await Run("bank", "create", _bank, "--base", _basePath)).Exit);

        var add = await Run("bank", "add", _bank, "--name", "fog", "--finetuned", SaveFineTuned());
        Assert.Equal(0, add.Exit);
        Assert.Contains("fc.weight", add.Out, StringComparison.Ordinal);
        Assert.Contains("1.732051", add.Out, StringComparison.Ordinal); // ‖0.5·1₁₂‖ = 0.5·√12
        Assert.Contains("Unchanged (zero delta, not stored): fc.bias", add.Out, StringComparison.Ordinal);

        var list = await Run("bank", "list", _bank);
        Assert.Equal(0, list.Exit);
        Assert.Contains("fog", list.Out, StringComparison.Ordinal);
        Assert.Contains("F16", list.Out, StringComparison.Ordinal);

        var inspect = await Run("bank", "inspect", _bank, "--json");
        Assert.Equal(0, inspect.Exit);
        using (var json = JsonDocument.Parse(inspect.Out))
        {
            var tv = json.RootElement.GetProperty("task_vectors")[0];
            Assert.Equal("fog", tv.GetProperty("name").GetString());
            Assert.Equal("f16", tv.GetProperty("dtype").GetString());
            Assert.Equal(48, tv.GetProperty("bytes_in_ram_f32").GetInt64());
            var block = Assert.Single(tv.GetProperty("blocks").EnumerateArray());
            Assert.Equal("fc.weight", block.GetProperty("name").GetString());
            Assert.Equal(0.5 * Math.Sqrt(12), block.GetProperty("l2_norm").GetDouble(), 1e-12);
            Assert.Matches("^sha256:[0-9a-f]{64}$", json.RootElement.GetProperty("hash").GetString());
        }

        var verify = await Run("bank", "verify", _bank);
        Assert.Equal(0, verify.Exit);
        Assert.Contains("OK bank", verify.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await Run("bank", "remove", _bank, "--name", "fog")).Exit);
        Assert.Contains("No task vectors.", (await Run("bank", "list", _bank)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddWithTwoSources_FailsWithUsageError()
    {
        await Run("bank", "create", _bank, "--base", _basePath);
        var fineTuned = SaveFineTuned();

        var add = await Run("bank", "add", _bank, "--name", "x", "--finetuned", fineTuned, "--delta", fineTuned);
        Assert.Equal(2, add.Exit);
        Assert.Contains("exactly one of", add.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddWithUnknownDType_IsRejectedByTheParser()
    {
        await Run("bank", "create", _bank, "--base", _basePath);
        var add = await Run("bank", "add", _bank, "--name", "x", "--finetuned", SaveFineTuned(), "--dtype", "f8");
        Assert.NotEqual(0, add.Exit);
        Assert.False(File.Exists(Path.Combine(_bank, "x.safetensors")));
    }

    [Fact]
    public async Task Verify_AfterTheBaseModelChanged_ExitsOneNamingTheHashMismatch()
    {
        await Run("bank", "create", _bank, "--base", _basePath);
        await Run("bank", "add", _bank, "--name", "fog", "--finetuned", SaveFineTuned());
        _base.Save(Path.Combine(_bank, "base.onnx"), new Dictionary<string, float[]> { ["fc.bias"] = [9, 9, 9] });

        var verify = await Run("bank", "verify", _bank);
        Assert.Equal(1, verify.Exit);
        Assert.Contains("SHA-256", verify.Out, StringComparison.Ordinal);
        var list = await Run("bank", "list", _bank);
        Assert.Equal(2, list.Exit);
        Assert.Contains("has changed", list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFineTunedWithFoldedNames_FailsListingTheDifferences()
    {
        await Run("bank", "create", _bank, "--base", _basePath);
        var folded = Path.Combine(_folder, "folded.onnx");
        BuildModel("onnx::Gemm_85").Save(folded);

        var add = await Run("bank", "add", _bank, "--name", "folded", "--finetuned", folded);
        Assert.Equal(2, add.Exit);
        Assert.Contains("onnx::Gemm_85", add.Error, StringComparison.Ordinal);
        Assert.Contains("do_constant_folding=False", add.Error, StringComparison.Ordinal);
    }
}
