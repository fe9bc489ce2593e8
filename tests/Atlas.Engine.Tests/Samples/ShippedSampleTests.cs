using System.Globalization;
using System.Text.RegularExpressions;
using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;
using Atlas.Engine.Samples;
using Atlas.Engine.Training;

namespace Atlas.Engine.Tests.Samples;

/// <summary>The committed sample in samples/fashion-camera and the numbers docs/results.md reports for it.</summary>
public sealed partial class ShippedSampleTests
{
    private static readonly string Sample = RepositoryFiles.Path("samples", "fashion-camera");

    [Fact]
    public void ShippedSample_LoadsWithBankMatchingTheBaseAndAThousandLabeledTestImages()
    {
        var manifest = SampleManifest.Read(Sample);
        var baseModel = OnnxModel.Load(Path.Combine(Sample, manifest.BaseModel));
        var bank = TaskVectorBank.Open(Path.Combine(Sample, manifest.Bank));
        var test = DataSpec.Parse(manifest.TestDataSpec(Sample)).Load();

        Assert.Equal(1000, test.Count);
        Assert.True(test.HasLabels);
        Assert.Equal(Enumerable.Repeat(100, 10), test.Labels!.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(manifest.Conditions.Select(c => c.Name), bank.TaskVectorNames);
        var learnable = LearnableInitializers.Select(baseModel).ToHashSet(StringComparer.Ordinal);
        long parameters = baseModel.Initializers.Where(i => learnable.Contains(i.Name)).Sum(i => i.ElementCount);
        Assert.InRange(parameters, 200_000, 500_000);
        using var taskVectors = bank.LoadTaskVectors();
        foreach (var taskVector in taskVectors.TaskVectors)
        {
            Assert.Equal(SafetensorsDType.F16, taskVector.Info.StorageType);
            Assert.Subset(learnable, taskVector.Tensors.Keys.ToHashSet(StringComparer.Ordinal));
            foreach (var (name, tensor) in taskVector.Tensors)
                Assert.Equal(baseModel.GetInitializerInfo(name).Shape, tensor.shape);
        }
        var size = Directory.EnumerateFiles(Sample, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(size <= 10 * 1024 * 1024, $"the sample holds {size:N0} bytes");
    }

    [Fact]
    public void ShippedBase_OnTheShippedTestSubset_IsAtLeast85PercentAccurate()
    {
        var manifest = SampleManifest.Read(Sample);
        var test = DataSpec.Parse(manifest.TestDataSpec(Sample)).Load();

        var report = new ModelEvaluator().Evaluate(Path.Combine(Sample, manifest.BaseModel), test);

        Assert.True(report.Accuracy >= 0.85, $"clean accuracy on the subset {report.Accuracy:P2}");
    }

    [Fact]
    public void ResultsMarkdown_BaseCleanNumber_IsReproducedByTheEvaluatorOnTheFullTestSet()
    {
        var markdown = File.ReadAllText(RepositoryFiles.Path("docs", "results.md"));
        var match = BaseCleanPattern().Match(markdown);
        Assert.True(match.Success, "docs/results.md states the base model's clean accuracy");
        double reported = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);

        var report = new ModelEvaluator().Evaluate(Path.Combine(Sample, "base.onnx"), DataSpec.Parse("fashion-mnist:test").Load());

        Assert.Equal(10_000, report.ImageCount);
        Assert.InRange(report.Accuracy!.Value * 100, reported - 0.1, reported + 0.1); // tolerance: 0.1 points
        Assert.True(reported >= 88, $"the base must reach 88% on clean test images, docs/results.md says {reported}%");
    }

    [Fact]
    public void ShippedExperts_ComposedFromTheirCoefficientFiles_EachBeatTheBaseUnderTheirOwnCondition()
    {
        var manifest = SampleManifest.Read(Sample);
        var test = DataSpec.Parse(manifest.TestDataSpec(Sample)).Load();
        var bank = TaskVectorBank.Open(Path.Combine(Sample, manifest.Bank));
        var basePath = Path.Combine(Sample, manifest.BaseModel);
        var scratch = Directory.CreateTempSubdirectory("atlas-shipped-experts-").FullName;
        try
        {
            foreach (var condition in manifest.Conditions)
            {
                var coefficients = CoefficientFile.Read(Path.Combine(Sample, "experts", condition.Name + ".json"));
                var expertPath = Path.Combine(scratch, condition.Name + ".onnx");
                ComposedModelWriter.Write(bank.BaseModel, BankCoefficients.Compose(bank, coefficients), expertPath);
                var options = new EvaluationOptions { Condition = condition.Condition, Seed = manifest.EvaluationSeed };

                double baseline = new ModelEvaluator().Evaluate(basePath, test, options).Accuracy!.Value;
                double expert = new ModelEvaluator().Evaluate(expertPath, test, options).Accuracy!.Value;

                Assert.True(expert > baseline, $"expert '{condition.Name}' under {condition.Spec}: {expert:P1}, base {baseline:P1}");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [GeneratedRegex(@"Base model, clean: \*\*([0-9.]+)%\*\*")]
    private static partial Regex BaseCleanPattern();
}
