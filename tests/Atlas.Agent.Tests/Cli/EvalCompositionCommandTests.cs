using System.Text.Json;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Composition;
using Atlas.Engine.Learning;

namespace Atlas.Agent.Tests.Cli;

/// <summary>
/// <c>atlas eval --bank --coefficients</c> on the shipped sample: λ = 1 on the fog task vector is the fog expert
/// (θ0 + τ_fog = θ_fog), which must beat the base model on foggy frames, and the numbers must equal those of the model
/// <c>atlas compose</c> writes for the same coefficients.
/// </summary>
public sealed class EvalCompositionCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _bank = RepositoryPaths.SampleBank();
    private readonly string _data;
    private readonly string _fogCoefficients;

    public EvalCompositionCommandTests()
    {
        var sample = Path.GetDirectoryName(_bank)!;
        _data = $"idx:{Path.Combine(sample, "test-images-idx3-ubyte.gz")},{Path.Combine(sample, "test-labels-idx1-ubyte.gz")}[0:400]";
        using var composition = BankComposition.Open(_bank, Granularity.Block);
        var zero = CoefficientSet.Zero(composition.Bank.Hash, composition.Composer);
        var values = zero.TaskVectors.Select(name => zero.Groups.Select(_ => name == "fog" ? 1f : 0f).ToArray()).ToArray();
        _fogCoefficients = _folder.File("fog.json");
        CoefficientFile.Write(_fogCoefficients, zero with { Values = values });
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FogExpertComposition_BeatsTheBaseOnFog_AndEqualsTheComposedModel()
    {
        var composed = await AccuracyAsync("--bank", _bank, "--coefficients", _fogCoefficients);
        var baseline = await AccuracyAsync("--model", Path.Combine(_bank, "base.onnx"));
        var written = _folder.File("fog.onnx");
        var (exit, _, error) = await CliRunner.RunAsync("compose", "--bank", _bank, "--coefficients", _fogCoefficients, "--out", written);
        Assert.True(exit == 0, error);
        var viaCompose = await AccuracyAsync("--model", written);

        // The fog expert beats the base by tens of points on fog:5 (docs/results.md); 15 leaves room for 400 frames.
        Assert.True(composed > baseline + 0.15, $"composed {composed:P1} vs base {baseline:P1}");
        Assert.Equal(viaCompose, composed);
    }

    [Theory]
    [InlineData(true, true, true, "either --model")]
    [InlineData(false, true, false, "--bank needs --coefficients")]
    [InlineData(true, false, true, "--coefficients needs --bank")]
    public async Task WrongOptionCombinations_AreRefusedWithTheRule(bool model, bool bank, bool coefficients, string expected)
    {
        var args = new List<string> { "eval", "--data", _data };
        if (model) args.AddRange(["--model", Path.Combine(_bank, "base.onnx")]);
        if (bank) args.AddRange(["--bank", _bank]);
        if (coefficients) args.AddRange(["--coefficients", _fogCoefficients]);

        var (exit, _, error) = await CliRunner.RunAsync([.. args]);

        Assert.NotEqual(0, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoefficientsOfAnotherBank_AreRefusedNamingTheMismatch()
    {
        var foreign = _folder.File("foreign.json");
        var set = CoefficientFile.Read(_fogCoefficients);
        CoefficientFile.Write(foreign, set with { BankHash = "sha256:" + new string('0', 64) });

        var (exit, _, error) = await CliRunner.RunAsync("eval", "--bank", _bank, "--coefficients", foreign, "--data", _data);

        Assert.NotEqual(0, exit);
        Assert.Contains("sha256:" + new string('0', 64), error, StringComparison.Ordinal);
    }

    private async Task<double> AccuracyAsync(params string[] model)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["eval", .. model, "--data", _data, "--condition", "fog:5", "--seed", "3", "--json"]);
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("report").GetProperty("accuracy").GetDouble();
    }
}
