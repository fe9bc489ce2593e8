using System.CommandLine;
using System.Text.Json;
using Atlas.Agent.Cli;
using Atlas.Engine.Tests.Data;
using Atlas.Engine.Tests.Evaluation;

namespace Atlas.Agent.Tests.Cli;

/// <summary>
/// <c>atlas eval</c> end to end on a hand-made set: four 2×2 images whose brightest pixels are 0, 1, 2, 3, labeled
/// 0, 1, 3, 3, and a Gemm model predicting the brightest pixel, so 3 of 4 are correct.
/// </summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _model;
    private readonly string _images;
    private readonly string _labels;

    public EvalCommandTests()
    {
        _model = _dir.File("model.onnx");
        File.WriteAllBytes(_model, TinyOnnxModels.BrightestPixel(1, 2, 2, scale: 5f));
        _images = _dir.File("x.npy");
        File.WriteAllBytes(_images, TestFiles.Npy("|u1", [4, 2, 2], [200, 0, 0, 0, 0, 200, 0, 0, 0, 0, 200, 0, 0, 0, 0, 200]));
        _labels = _dir.File("y.npy");
        File.WriteAllBytes(_labels, TestFiles.Npy("<i8", [4], TestFiles.LittleEndianInt64([0, 1, 3, 3])));
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApplication.BuildRootCommand().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void RootCommand_ListsEval()
    {
        Assert.Contains(CliApplication.BuildRootCommand().Subcommands, c => c.Name == "eval");
    }

    [Fact]
    public async Task Json_ReportsTheHandCountedAccuracyAndConfusion()
    {
        var (exit, output, error) = await Run("eval", "--model", _model, "--data", $"npy:{_images},{_labels}", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement.GetProperty("report");
        Assert.Equal(0.75, report.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(3, report.GetProperty("correct").GetInt32());
        // Row = true class, column = prediction: the image labeled 3 with brightest pixel 2 lands at [3][2].
        Assert.Equal(1, report.GetProperty("confusionMatrix")[3][2].GetInt32());
        Assert.Equal(1, report.GetProperty("confusionMatrix")[3][3].GetInt32());
        Assert.Equal("clean", report.GetProperty("condition").GetString());
    }

    [Fact]
    public async Task Text_PrintsAccuracyAndPerClassLines()
    {
        var (exit, output, _) = await Run("eval", "--model", _model, "--data", $"npy:{_images},{_labels}[0:2]", "--batch-size", "1");
        Assert.Equal(0, exit);
        Assert.Contains("top-1       100.00% (2/2)", output, StringComparison.Ordinal);
        Assert.Contains("per class", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_IsNamedInTheReport()
    {
        var (exit, output, _) = await Run("eval", "--model", _model, "--data", $"npy:{_images},{_labels}", "--condition", "dark:2", "--seed", "4", "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("dark:2", json.RootElement.GetProperty("report").GetProperty("condition").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("report").GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task UnknownCondition_FailsListingKnownNames()
    {
        var (exit, _, error) = await Run("eval", "--model", _model, "--data", $"npy:{_images}", "--condition", "snow");
        Assert.Equal(2, exit);
        Assert.Contains("'snow' is not a known condition", error, StringComparison.Ordinal);
        Assert.Contains("gaussian-noise", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroBatchSize_FailsNamingTheOption()
    {
        var (exit, _, error) = await Run("eval", "--model", _model, "--data", $"npy:{_images}", "--batch-size", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--batch-size must be a positive number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDataFile_FailsNamingIt()
    {
        var missing = _dir.File("missing.npy");
        var (exit, _, error) = await Run("eval", "--model", _model, "--data", $"npy:{missing}");
        Assert.Equal(2, exit);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingModel_FailsNamingIt()
    {
        var missing = _dir.File("nope.onnx");
        var (exit, _, error) = await Run("eval", "--model", missing, "--data", $"npy:{_images}");
        Assert.Equal(2, exit);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }
}
