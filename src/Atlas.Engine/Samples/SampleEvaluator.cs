using Atlas.Engine.Bank;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace Atlas.Engine.Samples;

/// <summary>
/// Measures a sample with <see cref="ModelEvaluator"/> (ONNX Runtime), exactly as <c>atlas eval</c> does: the base file
/// as it is, and each expert as the base with its composed weights θ0 + τ (τ as stored in the bank, f16) passed as
/// initializer overrides, so no expert file is needed.
/// </summary>
internal static class SampleEvaluator
{
    public static SampleResults Evaluate(string sampleDirectory, string dataSpec, CancellationToken cancellationToken)
    {
        var manifest = SampleManifest.Read(sampleDirectory);
        var data = DataSpec.Parse(dataSpec).Load();
        var basePath = Path.Combine(sampleDirectory, manifest.BaseModel);
        var bank = TaskVectorBank.Open(Path.Combine(sampleDirectory, manifest.Bank));
        var evaluator = new ModelEvaluator();
        long seed = manifest.EvaluationSeed;
        double Accuracy(ConditionSpec? condition, SessionOptions? session) =>
            evaluator.Evaluate(basePath, data, new EvaluationOptions { Condition = condition, Seed = seed }, session, cancellationToken).Accuracy!.Value;

        double clean = Accuracy(null, null);
        var rows = new List<SampleResultRow>();
        using var taskVectors = bank.LoadTaskVectors();
        foreach (var condition in manifest.Conditions)
        {
            var spec = condition.Condition;
            double baseline = Accuracy(spec, null);
            var taskVector = taskVectors.TaskVectors.Single(t => t.Name == condition.Name);
            var values = new List<OrtValue>();
            try
            {
                using var session = new SessionOptions();
                foreach (var (name, delta) in taskVector.Tensors)
                {
                    var theta0 = bank.BaseModel.ReadFloatInitializer(name);
                    var tau = delta.contiguous().data<float>().ToArray();
                    for (int i = 0; i < theta0.Length; i++) theta0[i] += tau[i];
                    var value = OrtValue.CreateTensorValueFromMemory(theta0, bank.BaseModel.GetInitializerInfo(name).Shape);
                    values.Add(value);
                    session.AddInitializer(name, value);
                }
                rows.Add(new SampleResultRow(condition.Name, condition.Spec, baseline, Accuracy(spec, session)));
            }
            finally
            {
                foreach (var value in values) value.Dispose();
            }
        }
        return new SampleResults(dataSpec, data.Count, seed, clean, rows);
    }
}
