using Atlas.Engine.Composition;
using Atlas.Engine.Learning;
using Atlas.Engine.Learning.Modes;
using TorchSharp;

namespace Atlas.Engine.Tests.Learning;

public sealed class LearningModesTests : IDisposable
{
    private readonly LinearBank _bank = new();

    public void Dispose() => _bank.Dispose();

    private double Accuracy(BankComposition composition, IReadOnlyDictionary<string, float[]> weights)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = weights.ToDictionary(p => p.Key, p => torch.tensor(p.Value).reshape(composition.Executor.GetInitializer(p.Key).shape));
        return WeightsEvaluator.Evaluate(composition.Forward, tensors, _bank.Problem.Dataset).Accuracy;
    }

    [Fact]
    public void FewShot_OnRealBank_BeatsTheBaseAndWritesAValidCoefficientFile()
    {
        using var composition = BankComposition.Open(_bank.BankDirectory, Granularity.Block);
        var modes = new LearningModes(composition, new LearnerOptions { LearningRate = 0.1, Epochs = 30, BatchSize = 16, Schedule = LearningSchedule.Cosine });
        var result = modes.FewShot(_bank.Problem.Dataset, shotsPerClass: 4);

        double baseAccuracy = Accuracy(composition, composition.Composer.Materialize(composition.Composer.TaskVectorNames.Select(_ => new float[composition.Composer.Layout.Groups.Count]).ToArray()));
        double learned = Accuracy(composition, result.Weights);
        Assert.True(learned > baseAccuracy + 0.2, $"few-shot {learned:P1} vs base {baseAccuracy:P1}");

        var path = Path.Combine(_bank.Folder, "fewshot.json");
        CoefficientFile.Write(path, result.Coefficients!);
        var aligned = CoefficientFile.Read(path).AlignTo(composition.Bank.Hash, composition.Composer);
        Assert.Equal(result.Weights["fc.weight"], composition.Composer.Materialize(aligned)["fc.weight"]);
    }

    [Fact]
    public void TaskArithmetic_ChoosesAPositiveLambda()
    {
        using var composition = BankComposition.Open(_bank.BankDirectory, Granularity.Parse("global"), exclude: ["noise"]);
        var result = new LearningModes(composition, new LearnerOptions()).FewShot(_bank.Problem.Dataset, 20, LearningMethod.TaskArithmetic);
        Assert.Null(result.Learning);
        var zero = composition.Composer.Materialize([[0f]]);
        Assert.True(result.Coefficients!.Values[0][0] > 0f, result.Note);
        Assert.True(Accuracy(composition, result.Weights) > Accuracy(composition, zero) + 0.2, result.Note);
    }

    [Fact]
    public void Negation_LowersTargetAccuracy_AndKeepsControlAboveTheFloor()
    {
        // Target: classes 0 and 1; control: class 2. The bank's "swap" task vector confuses 0 and 1 only, so forgetting
        // the target (maximising its cross-entropy) should apply it while the control stays ≥ 95% of the base's.
        using var bank = new LinearBank(negationScenario: true);
        using var composition = BankComposition.Open(bank.BankDirectory, Granularity.Block);
        var data = bank.Problem.Dataset;
        var target = data.Subset(Enumerable.Range(0, data.Count).Where(i => data.Labels![i] != 2).ToArray());
        var control = data.Subset(Enumerable.Range(0, data.Count).Where(i => data.Labels![i] == 2).ToArray());
        var modes = new LearningModes(composition, new LearnerOptions { LearningRate = 0.01, Epochs = 10, BatchSize = 32 });

        var result = modes.Negation(target, control);

        using var scope = torch.NewDisposeScope();
        var zero = composition.Composer.Materialize(composition.Composer.TaskVectorNames.Select(_ => new float[composition.Composer.Layout.Groups.Count]).ToArray());
        IReadOnlyDictionary<string, torch.Tensor> Tensors(IReadOnlyDictionary<string, float[]> w) =>
            w.ToDictionary(p => p.Key, p => torch.tensor(p.Value).reshape(composition.Executor.GetInitializer(p.Key).shape));
        double targetBefore = WeightsEvaluator.Evaluate(composition.Forward, Tensors(zero), target).Accuracy;
        double targetAfter = WeightsEvaluator.Evaluate(composition.Forward, Tensors(result.Weights), target).Accuracy;
        double controlBefore = WeightsEvaluator.Evaluate(composition.Forward, Tensors(zero), control).Accuracy;
        double controlAfter = WeightsEvaluator.Evaluate(composition.Forward, Tensors(result.Weights), control).Accuracy;
        Assert.True(targetAfter < targetBefore - 0.1, $"target {targetBefore:P1} → {targetAfter:P1} ({result.Note})");
        Assert.True(controlAfter >= 0.95 * controlBefore, $"control {controlBefore:P1} → {controlAfter:P1} ({result.Note})");
    }
}
