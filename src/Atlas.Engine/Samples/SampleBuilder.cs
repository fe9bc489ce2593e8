using System.Diagnostics;
using System.Globalization;
using Atlas.Engine.Bank;
using Atlas.Engine.Data;
using Atlas.Engine.Onnx;
using Atlas.Engine.Training;

namespace Atlas.Engine.Samples;

/// <summary>
/// The pipeline behind <see cref="FashionCameraSample.Build"/>: pretrain the CNN, fine-tune one expert per condition,
/// fill the bank, write the test subset and sample.json. Everything is written to a temporary folder next to the
/// output and moved into place at the end, so an interrupted build never leaves half a sample behind.
/// </summary>
internal sealed class SampleBuilder(SampleBuildOptions options, SampleBuildObserver observer)
{
    public const string BaseFile = "base.onnx";
    public const string BankFolder = "bank";
    public const string TestImagesFile = "test-images-idx3-ubyte.gz";
    public const string TestLabelsFile = "test-labels-idx1-ubyte.gz";

    public SampleManifest Build(CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(options.OutputDirectory);
        CheckReplaceable(output);
        var staging = output.TrimEnd(Path.DirectorySeparatorChar) + ".building";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var clock = Stopwatch.StartNew();
        var training = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

        var (pretrainSpec, expertSpec, pretrainEpochs, expertEpochs) = options.Quick
            ? ("fashion-mnist:train[0:3000]", "fashion-mnist:train[30000:31500]", 1, 1)
            : (options.PretrainData, options.ExpertData, options.PretrainEpochs, options.ExpertEpochs);

        // 1. Pretrain the base on clean images.
        var untrained = SampleModel.Create(options.Seed);
        var pretrainData = DataSpec.Parse(pretrainSpec).Load();
        var pretrain = Train(untrained, pretrainData, "base", pretrainEpochs, options.PretrainLearningRate, null, cancellationToken);
        var basePath = Path.Combine(staging, BaseFile);
        pretrain.Save(untrained, basePath);
        Say(F($"base: {pretrainData.Count} clean images, {pretrainEpochs} epochs, train accuracy {pretrain.TrainAccuracy:P2}, {pretrain.Elapsed.TotalSeconds:F0} s"));
        training["pretrain.data"] = pretrainSpec;
        training["pretrain.epochs"] = F($"{pretrainEpochs}");
        training["pretrain.learningRate"] = F($"{options.PretrainLearningRate}");
        training["pretrain.seconds"] = F($"{pretrain.Elapsed.TotalSeconds:F0}");

        // 2. One expert per condition, straight into the bank (f16 task vectors).
        var baseModel = OnnxModel.Load(basePath);
        var bankPath = Path.Combine(staging, BankFolder);
        TaskVectorBankEditor.Create(bankPath, basePath);
        var expertData = DataSpec.Parse(expertSpec).Load();
        var scratch = Path.Combine(staging, "experts.tmp");
        Directory.CreateDirectory(scratch);
        var experts = TrainExperts(baseModel, expertData, expertSpec, expertEpochs, scratch, cancellationToken);
        foreach (var (condition, expert) in options.Conditions.Zip(experts))
        {
            BankPublisher.Add(bankPath, basePath, Path.Combine(scratch, condition.Name + ".onnx"), condition.Name,
                F($"fine-tuned from base.onnx on {expertSpec} under {condition.Spec}, {expertEpochs} epochs, lr {options.ExpertLearningRate}, seed {options.Seed}"));
            training[F($"expert.{condition.Name}.seconds")] = F($"{expert.Elapsed.TotalSeconds:F0}");
            training[F($"expert.{condition.Name}.trainAccuracy")] = F($"{expert.TrainAccuracy:F4}");
        }
        training["expert.parallelism"] = F($"{options.ExpertParallelism}");
        Directory.Delete(scratch, recursive: true);
        training["expert.data"] = expertSpec;
        training["expert.epochs"] = F($"{expertEpochs}");
        training["expert.learningRate"] = F($"{options.ExpertLearningRate}");
        training["batchSize"] = F($"{options.BatchSize}");
        training["seed"] = F($"{options.Seed}");
        training["quick"] = options.Quick ? "true" : "false";

        // 3. The clean, labeled test subset for demos.
        var test = TestSubset(DataSpec.Parse("fashion-mnist:test").Load(), options.TestSubsetSize, options.Seed);
        IdxWriter.Write(test, Path.Combine(staging, TestImagesFile), Path.Combine(staging, TestLabelsFile));
        ExpertCoefficients.WriteAll(staging, TaskVectorBank.Open(bankPath));
        training["totalSeconds"] = F($"{clock.Elapsed.TotalSeconds:F0}");

        var manifest = new SampleManifest
        {
            BaseModel = BaseFile,
            Bank = BankFolder,
            TestImages = TestImagesFile,
            TestLabels = TestLabelsFile,
            TestCount = test.Count,
            EvaluationSeed = options.EvaluationSeed,
            Conditions = [.. options.Conditions],
            ClassNames = FashionMnist.ClassNames,
            Training = training,
        };
        manifest.Write(staging);
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        Directory.Move(staging, output);
        Say(F($"wrote sample to {output} in {clock.Elapsed.TotalSeconds:F0} s"));
        return manifest;
    }

    /// <summary>
    /// Fine-tunes one expert per condition, <see cref="SampleBuildOptions.ExpertParallelism"/> at a time, each written
    /// to <paramref name="scratch"/> as <c>{name}.onnx</c>. Results come back in condition order.
    /// </summary>
    private FineTuneResult[] TrainExperts(OnnxModel baseModel, ImageDataset data, string spec, int epochs, string scratch, CancellationToken cancellationToken)
    {
        var results = new FineTuneResult[options.Conditions.Count];
        int parallelism = Math.Min(options.ExpertParallelism, options.Conditions.Count);
        // Each worker sets its own TorchSharp thread count (OpenMP's setting is per thread), through the Learner.
        int previousThreads = TorchSharp.torch.get_num_threads();
        if (parallelism > 1) TorchSharp.torch.set_num_threads(1);
        try
        {
            Parallel.For(0, options.Conditions.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, k =>
            {
                var condition = options.Conditions[k];
                var expert = Train(baseModel, data, condition.Name, epochs, options.ExpertLearningRate, condition, cancellationToken, threads: parallelism > 1 ? 1 : options.Threads);
                expert.Save(baseModel, Path.Combine(scratch, condition.Name + ".onnx"));
                results[k] = expert;
                Say(string.Create(CultureInfo.InvariantCulture,
                    $"expert {condition.Name} ({condition.Spec}) on {spec}: train accuracy {expert.TrainAccuracy:P2}, {expert.Elapsed.TotalSeconds:F0} s"));
            });
        }
        finally
        {
            if (parallelism > 1) TorchSharp.torch.set_num_threads(previousThreads);
        }
        return results;
    }

    private FineTuneResult Train(OnnxModel model, ImageDataset data, string label, int epochs, double learningRate,
        SampleCondition? condition, CancellationToken cancellationToken, int? threads = null)
    {
        var tuner = new FineTuner(new FineTuneOptions
        {
            Epochs = epochs,
            LearningRate = learningRate,
            BatchSize = options.BatchSize,
            Seed = options.Seed,
            Threads = threads ?? options.Threads,
            Condition = condition?.Condition,
        });
        var result = tuner.Run(model, data, observer.Phase?.Invoke(label, epochs), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary><paramref name="count"/> test images, an equal share per class, chosen by a seeded shuffle and kept in file order.</summary>
    internal static ImageDataset TestSubset(ImageDataset test, int count, int seed)
    {
        var labels = test.Labels!;
        var order = Enumerable.Range(0, test.Count).ToArray();
        new Random(seed).Shuffle(order);
        int classes = test.ClassCount;
        var perClass = new int[classes];
        var chosen = new List<int>(count);
        foreach (var index in order)
        {
            int label = labels[index];
            int quota = (count / classes) + (label < count % classes ? 1 : 0);
            if (perClass[label] >= quota) continue;
            perClass[label]++;
            chosen.Add(index);
            if (chosen.Count == count) break;
        }
        chosen.Sort();
        return test.Subset(chosen);
    }

    /// <summary>Refuses to replace a folder that holds something other than a sample.</summary>
    private static void CheckReplaceable(string output)
    {
        if (!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any()) return;
        if (!File.Exists(Path.Combine(output, SampleManifest.FileName)))
            throw new TrainingException($"'{output}' exists and is not a sample folder (no {SampleManifest.FileName}); refusing to replace it.");
    }

    private void Say(string line) => observer.Message?.Report(line);
}
