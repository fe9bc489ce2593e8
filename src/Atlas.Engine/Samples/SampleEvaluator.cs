using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Atlas.Engine.Inference;

namespace Atlas.Engine.Samples;

/// <summary>
/// Measures a sample with <see cref="ModelEvaluator"/> (ONNX Runtime), exactly as <c>atlas compose</c> and
/// <c>atlas eval</c> do: the base file as it is, and each expert as a model file composed from the bank with its
/// one-hot coefficient file (θ0 + τ, τ as stored in f16).
/// </summary>
/// <remarks>
/// Experts are written to files rather than passed as <c>SessionOptions.AddInitializer</c> overrides: ONNX Runtime's
/// graph optimisations fold initializers that feed constant subgraphs (GroupNorm's Unsqueeze of γ and β) before the
/// overrides apply, so an override of such an initializer is silently lost.
/// </remarks>
internal static class SampleEvaluator
{
    public static SampleResults Evaluate(string sampleDirectory, string dataSpec, CancellationToken cancellationToken)
    {
        var manifest = SampleManifest.Read(sampleDirectory);
        var data = DataSpec.Parse(dataSpec).Load();
        var basePath = Path.Combine(sampleDirectory, manifest.BaseModel);
        var bank = TaskVectorBank.Open(Path.Combine(sampleDirectory, manifest.Bank));
        var coefficientFiles = ExpertCoefficients.WriteAll(sampleDirectory, bank);
        var evaluator = new ModelEvaluator();
        long seed = manifest.EvaluationSeed;
        double Accuracy(string model, ConditionSpec? condition) =>
            evaluator.Evaluate(model, data, new EvaluationOptions { Condition = condition, Seed = seed }, null, cancellationToken).Accuracy!.Value;

        double clean = Accuracy(basePath, null);
        var rows = new List<SampleResultRow>();
        var scratch = Directory.CreateTempSubdirectory("atlas-sample-experts-").FullName;
        try
        {
            foreach (var condition in manifest.Conditions)
            {
                var spec = condition.Condition;
                var expertPath = Path.Combine(scratch, condition.Name + ".onnx");
                var composed = BankCoefficients.Compose(bank, CoefficientFile.Read(coefficientFiles[condition.Name]));
                ComposedModelWriter.Write(bank.BaseModel, composed, expertPath);
                rows.Add(new SampleResultRow(condition.Name, condition.Spec, Accuracy(basePath, spec), Accuracy(expertPath, spec)));
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return new SampleResults(dataSpec, data.Count, seed, clean, rows);
    }
}
