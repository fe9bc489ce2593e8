using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using Atlas.Engine.Onnx;
using Atlas.Engine.Training;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Tests.Training;

public sealed class FineTunerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-finetune-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ImageDataset Train => DataSpec.Parse("fashion-mnist:train[0:512]").Load();

    [Fact]
    public void Run_TwoEpochsOnRealImages_LowersTheLossAndOnlyLearnsParameters()
    {
        var model = TinyClassifier.Build();
        var data = Train;
        double before = MeanCrossEntropy(model.ToBytes(), data);
        var reports = new List<LearningProgress>();

        var result = new FineTuner(new FineTuneOptions { Epochs = 2, LearningRate = 3e-3, BatchSize = 64, Seed = 4 })
            .Run(model, data, new Collect(reports));

        double after = MeanCrossEntropy(model.ToBytes(result.Weights), data);
        Assert.True(result.Learning.Succeeded);
        Assert.Equal(2, result.Learning.EpochLosses.Count);
        Assert.True(result.Learning.EpochLosses[1] < result.Learning.EpochLosses[0], $"epoch losses {string.Join(", ", result.Learning.EpochLosses)}");
        // Measured independently through ONNX Runtime on the written model: the loss must fall well below chance (ln 10 ≈ 2.30).
        Assert.True(after < 0.8 * before, $"cross-entropy before {before:F4}, after {after:F4}");
        Assert.Equal(["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"], result.Weights.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(reports, r => r.Kind == LearningEventKind.Step && r.Metrics.ContainsKey("accuracy"));
        Assert.InRange(result.TrainAccuracy, 0.3, 1.0); // chance is 0.1
    }

    [Fact]
    public void Save_WrittenModelRunsInOnnxRuntimeWithTheNewWeights()
    {
        var model = TinyClassifier.Build();
        var result = new FineTuner(new FineTuneOptions { Epochs = 1, LearningRate = 3e-3, BatchSize = 64 }).Run(model, Train);
        var path = Path.Combine(_folder, "tuned.onnx");

        result.Save(model, path);

        var written = OnnxModel.Load(path);
        foreach (var (name, values) in result.Weights)
            Assert.Equal(values, written.ReadFloatInitializer(name));
        Assert.Equal(model.ReadFloatInitializer("preprocess.mean"), written.ReadFloatInitializer("preprocess.mean"));
        Assert.NotEqual(model.ReadFloatInitializer("fc1.weight"), written.ReadFloatInitializer("fc1.weight"));
        // ONNX Runtime on the written file agrees with ONNX Runtime on the base with the learned weights as overrides.
        var probe = DataSpec.Parse("fashion-mnist:test[0:16]").Load();
        var fromFile = Logits(File.ReadAllBytes(path), probe);
        var fromOverrides = Logits(model.ToBytes(), probe, result.Weights);
        Assert.Equal(fromOverrides.Length, fromFile.Length);
        for (int i = 0; i < fromFile.Length; i++) Assert.Equal(fromOverrides[i], fromFile[i], 1e-5f);
        Assert.NotEqual(Logits(model.ToBytes(), probe), fromFile);
    }

    [Fact]
    public void Run_SameSeedAndCondition_GivesIdenticalWeights()
    {
        float[] Learn(int seed)
        {
            var options = new FineTuneOptions { Epochs = 1, BatchSize = 128, Seed = seed, Condition = ConditionSpec.Parse("noise:2") };
            return new FineTuner(options).Run(TinyClassifier.Build(), DataSpec.Parse("fashion-mnist:train[0:256]").Load()).Weights["fc2.weight"];
        }

        Assert.Equal(Learn(3), Learn(3));
        Assert.NotEqual(Learn(3), Learn(4));
    }

    [Fact]
    public void Run_UnlabeledData_ThrowsNamingTheProblem()
    {
        var unlabeled = new ImageDataset(new float[4 * 784], 1, 28, 28);
        var e = Assert.Throws<TrainingException>(() => new FineTuner(new FineTuneOptions()).Run(TinyClassifier.Build(), unlabeled));
        Assert.Contains("labeled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LabelsBeyondTheModelsClasses_ThrowsNamingBoth()
    {
        var data = new ImageDataset(new float[2 * 784], 1, 28, 28, [0, 11], classCount: 12);
        var e = Assert.Throws<TrainingException>(() => new FineTuner(new FineTuneOptions()).Run(TinyClassifier.Build(), data));
        Assert.Contains("label 11", e.Message, StringComparison.Ordinal);
        Assert.Contains("10 classes", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Mean cross-entropy computed from ONNX Runtime logits, independent of the training code.</summary>
    private static double MeanCrossEntropy(byte[] model, ImageDataset data)
    {
        var logits = Logits(model, data);
        double total = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var row = logits.AsSpan(i * 10, 10);
            double max = row.ToArray().Max();
            double logSum = Math.Log(row.ToArray().Sum(v => Math.Exp(v - max))) + max;
            total += logSum - row[data.Labels![i]];
        }
        return total / data.Count;
    }

    private static float[] Logits(byte[] model, ImageDataset data, IReadOnlyDictionary<string, float[]>? overrides = null)
    {
        using var options = new SessionOptions();
        var values = new List<OrtValue>();
        try
        {
            if (overrides is not null)
            {
                var onnx = OnnxModel.FromBytes(model);
                foreach (var (name, weights) in overrides)
                {
                    var value = OrtValue.CreateTensorValueFromMemory(weights, onnx.GetInitializerInfo(name).Shape);
                    values.Add(value);
                    options.AddInitializer(name, value);
                }
            }
            using var session = new InferenceSession(model, options);
            using var input = OrtValue.CreateTensorValueFromMemory(data.Pixels.ToArray(), [data.Count, 1, 28, 28]);
            using var outputs = session.Run(new RunOptions(), [TinyClassifier.Input], [input], [TinyClassifier.Output]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private sealed class Collect(List<LearningProgress> reports) : IProgress<LearningProgress>
    {
        public void Report(LearningProgress value) => reports.Add(value);
    }
}
