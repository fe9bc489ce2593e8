using Atlas.Engine.Composition;
using Atlas.Engine.Tests.Data;
using Atlas.Engine.Tests.Learning;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Atlas.Agent.Tests.Cli;

/// <summary>
/// <c>atlas learn</c> and <c>atlas compose</c> end to end on a real bank (the linear problem): the learned file is
/// valid for the bank, and the composed ONNX model answers like the composition in ONNX Runtime.
/// </summary>
public sealed class LearnCommandTests : IDisposable
{
    private readonly LinearBank _bank = new();
    private readonly string _images;
    private readonly string _labels;

    public LearnCommandTests()
    {
        var data = _bank.Problem.Dataset;
        _images = Path.Combine(_bank.Folder, "x.npy");
        _labels = Path.Combine(_bank.Folder, "y.npy");
        File.WriteAllBytes(_images, TestFiles.Npy("<f4", [data.Count, 1, 4, 4], TestFiles.LittleEndianFloats(data.Pixels.ToArray())));
        File.WriteAllBytes(_labels, TestFiles.Npy("<i8", [data.Count], TestFiles.LittleEndianInt64(data.Labels!.Select(l => (long)l).ToArray())));
    }

    public void Dispose() => _bank.Dispose();

    private double OrtAccuracy(string modelPath)
    {
        using var session = new InferenceSession(modelPath);
        var data = _bank.Problem.Dataset;
        var input = new DenseTensor<float>(data.Pixels.ToArray(), [data.Count, 1, 4, 4]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);
        var logits = results[0].AsTensor<float>();
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            int best = 0;
            for (int c = 1; c < LinearProblem.Classes; c++)
                if (logits[i, c] > logits[i, best]) best = c;
            if (best == data.Labels![i]) correct++;
        }
        return (double)correct / data.Count;
    }

    [Fact]
    public async Task FewShotThenCompose_WritesCoefficientsAndAModelThatBeatsTheBase()
    {
        var coefficients = Path.Combine(_bank.Folder, "fewshot.json");
        var (exit, output, error) = await CliRunner.RunAsync("learn", "fewshot", "--bank", _bank.BankDirectory,
            "--data", $"npy:{_images},{_labels}", "--shots", "4", "--epochs", "30", "--batch-size", "16", "--out", coefficients);
        Assert.True(exit == 0, output + error);
        Assert.Contains("epoch 30", output, StringComparison.Ordinal);
        var set = CoefficientFile.Read(coefficients);
        Assert.Equal(["expert", "noise"], set.TaskVectors);

        var composed = Path.Combine(_bank.Folder, "composed.onnx");
        (exit, output, error) = await CliRunner.RunAsync("compose", "--bank", _bank.BankDirectory, "--coefficients", coefficients, "--out", composed);
        Assert.True(exit == 0, output + error);
        double baseAccuracy = OrtAccuracy(Path.Combine(_bank.BankDirectory, "base.onnx"));
        double composedAccuracy = OrtAccuracy(composed);
        Assert.True(composedAccuracy > baseAccuracy + 0.2, $"composed {composedAccuracy:P1} vs base {baseAccuracy:P1}");
    }

    [Fact]
    public async Task Tta_WithBuiltInPlugin_RunsAndExcludesByName()
    {
        var coefficients = Path.Combine(_bank.Folder, "tta.json");
        var (exit, output, error) = await CliRunner.RunAsync("learn", "tta", "--bank", _bank.BankDirectory,
            "--data", $"npy:{_images}", "--objective", "entropy-balanced", "--exclude", "noise", "--epochs", "2", "--out", coefficients);
        Assert.True(exit == 0, output + error);
        Assert.Equal(["expert"], CoefficientFile.Read(coefficients).TaskVectors);
    }

    [Fact]
    public async Task Learn_UnknownObjectiveOrTaskVector_FailsWithAClearMessage()
    {
        var (exit, _, error) = await CliRunner.RunAsync("learn", "tta", "--bank", _bank.BankDirectory,
            "--data", $"npy:{_images}", "--objective", "no-such-objective", "--out", Path.Combine(_bank.Folder, "x.json"));
        Assert.Equal(2, exit);
        Assert.Contains("no-such-objective", error, StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.RunAsync("learn", "fewshot", "--bank", _bank.BankDirectory,
            "--data", $"npy:{_images},{_labels}", "--exclude", "fog", "--out", Path.Combine(_bank.Folder, "y.json"));
        Assert.Equal(2, exit);
        Assert.Contains("'fog'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_CoefficientsOfAnotherBank_AreRefusedNamingTheHash()
    {
        var coefficients = Path.Combine(_bank.Folder, "foreign.json");
        CoefficientFile.Write(coefficients, new CoefficientSet("sha256:not-this-bank", Granularity.Block, ["expert"], ["fc.weight", "fc.bias"], [[1f, 1f]]));
        var (exit, _, error) = await CliRunner.RunAsync("compose", "--bank", _bank.BankDirectory, "--coefficients", coefficients,
            "--out", Path.Combine(_bank.Folder, "c.onnx"));
        Assert.Equal(2, exit);
        Assert.Contains("sha256:not-this-bank", error, StringComparison.Ordinal);
    }
}
