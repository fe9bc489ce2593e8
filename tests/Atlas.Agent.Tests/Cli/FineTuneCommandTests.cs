using Atlas.Engine.Bank;
using Atlas.Engine.Models;
using Atlas.Engine.Onnx;

namespace Atlas.Agent.Tests.Cli;

public sealed class FineTuneCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-finetune-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A tiny CNN (in-graph normalisation, conv + GroupNorm + ReLU, pooling, linear head) saved to the temp folder.</summary>
    private string SaveTinyCnn()
    {
        var path = Path.Combine(_folder, "base.onnx");
        new CnnBuilder(1, 28, 28, seed: 3)
            .Normalize([0.286f], [0.353f])
            .Conv("conv1", 8, 3, stride: 2, padding: 1).GroupNorm("gn1", 4).Relu()
            .GlobalAveragePool().Flatten().Linear("fc", 10)
            .Build().Save(path);
        return path;
    }

    [Fact]
    public async Task FineTune_WithBankAndName_WritesTheModelAndAddsItsTaskVector()
    {
        var basePath = SaveTinyCnn();
        var outPath = Path.Combine(_folder, "dark.onnx");
        var bankPath = Path.Combine(_folder, "bank");

        var (exit, output, error) = await CliRunner.RunAsync("finetune", "--model", basePath, "--data", "fashion-mnist:train[0:256]",
            "--condition", "dark:3", "--epochs", "1", "--batch-size", "64", "--lr", "0.01", "--seed", "2",
            "--out", outPath, "--bank", bankPath, "--name", "dark");

        Assert.True(exit == 0, error);
        Assert.Contains("epoch 1/1", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', output); // redirected output gets plain lines, not a redrawn bar
        var baseModel = OnnxModel.Load(basePath);
        var tuned = OnnxModel.Load(outPath);
        Assert.NotEqual(baseModel.ReadFloatInitializer("conv1.weight"), tuned.ReadFloatInitializer("conv1.weight"));
        Assert.Equal(baseModel.ReadFloatInitializer("preprocess.mean"), tuned.ReadFloatInitializer("preprocess.mean"));
        var bank = TaskVectorBank.Open(bankPath);
        var info = bank.GetTaskVector("dark");
        Assert.Equal(["conv1.weight", "conv1.bias", "gn1.weight", "gn1.bias", "fc.weight", "fc.bias"], info.Blocks.Select(b => b.Name));
        using var loaded = bank.LoadTaskVectors();
        var delta = loaded.TaskVectors.Single().Tensors["fc.bias"].data<float>().ToArray();
        var expected = tuned.ReadFloatInitializer("fc.bias").Zip(baseModel.ReadFloatInitializer("fc.bias"), (t, b) => t - b).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], delta[i], 1e-3f); // f16 storage: |Δ| < 1 rounds within 1e-3
    }

    [Fact]
    public async Task FineTune_SecondExpertIntoTheSameBank_AddsASecondTaskVector()
    {
        var basePath = SaveTinyCnn();
        var bankPath = Path.Combine(_folder, "bank");
        string[] Args(string name, string condition) => ["finetune", "--model", basePath, "--data", "fashion-mnist:train[0:128]",
            "--condition", condition, "--epochs", "1", "--batch-size", "64", "--bank", bankPath, "--name", name];

        var first = await CliRunner.RunAsync(Args("fog", "fog"));
        var second = await CliRunner.RunAsync(Args("noise", "noise"));

        Assert.True(first.Exit == 0, first.Error);
        Assert.True(second.Exit == 0, second.Error);
        Assert.Equal(["fog", "noise"], TaskVectorBank.Open(bankPath).TaskVectorNames);
        Assert.True(File.Exists(Path.Combine(_folder, "noise.onnx")), "--name without --out writes <name>.onnx next to the model");
    }

    [Fact]
    public async Task FineTune_BankOfAnotherBase_FailsNamingTheMismatch()
    {
        var basePath = SaveTinyCnn();
        var other = Path.Combine(_folder, "other.onnx");
        new CnnBuilder(1, 28, 28, seed: 4).Normalize([0.286f], [0.353f]).Conv("conv1", 8, 3, stride: 2, padding: 1).GroupNorm("gn1", 4).Relu()
            .GlobalAveragePool().Flatten().Linear("fc", 10).Build().Save(other);
        var bankPath = Path.Combine(_folder, "bank");
        TaskVectorBankEditor.Create(bankPath, other);

        var (exit, _, error) = await CliRunner.RunAsync("finetune", "--model", basePath, "--data", "fashion-mnist:train[0:64]",
            "--epochs", "1", "--bank", bankPath, "--name", "x");

        Assert.Equal(2, exit);
        Assert.Contains("another base model", error, StringComparison.Ordinal);
        Assert.Contains("conv1.weight", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FineTune_BankWithoutName_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("finetune", "--model", SaveTinyCnn(), "--data", "fashion-mnist:train[0:64]",
            "--bank", Path.Combine(_folder, "bank"));

        Assert.Equal(2, exit);
        Assert.Contains("--name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FineTune_UnknownCondition_ListsTheKnownOnes()
    {
        var (exit, _, error) = await CliRunner.RunAsync("finetune", "--model", SaveTinyCnn(), "--data", "fashion-mnist:train[0:64]",
            "--condition", "smog");

        Assert.Equal(2, exit);
        Assert.Contains("'smog' is not a known condition", error, StringComparison.Ordinal);
    }
}
