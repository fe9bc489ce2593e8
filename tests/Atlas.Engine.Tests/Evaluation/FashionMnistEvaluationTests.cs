using Atlas.Engine.Conditions;
using Atlas.Engine.Evaluation;
using Atlas.Engine.Tests.Data;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Evaluation;

/// <summary>
/// A nearest-class-mean classifier for Fashion-MNIST written as one Gemm (logit_k = μ_k·x − ½‖μ_k‖², the negative
/// squared distance up to a per-image constant), evaluated through ONNX Runtime and checked against the same rule
/// computed independently with TorchSharp distances.
/// </summary>
[Collection(FashionMnistGroup.Name)]
public sealed class FashionMnistEvaluationTests(FashionMnistFixture fashion) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string ModelPath, Tensor Means) NearestMeanModel()
    {
        var train = fashion.Train.Slice(0, 10000);
        using var images = train.ToTensor(0, train.Count).reshape(train.Count, 784);
        using var labels = train.LabelsToTensor(0, train.Count);
        var means = stack(Enumerable.Range(0, 10).Select(k => images[labels == k].mean([0])).ToArray());
        var weights = means.data<float>().ToArray();
        var bias = (-0.5 * means.pow(2).sum(dim: 1)).data<float>().ToArray();
        var path = _dir.File("nearest-mean.onnx");
        File.WriteAllBytes(path, TinyOnnxModels.Linear(weights, bias, 1, 28, 28));
        return (path, means);
    }

    [Fact]
    public void NearestMeanModel_AgreesWithTorchDistancesOnTheRealTestSet()
    {
        var (path, means) = NearestMeanModel();
        var test = fashion.Test.Slice(0, 2000);
        var report = new ModelEvaluator().Evaluate(path, test, new EvaluationOptions { BatchSize = 500 });

        using var x = test.ToTensor(0, test.Count).reshape(test.Count, 784);
        using var distances = cdist(x, means);
        using var predicted = distances.argmin(1);
        using var labels = test.LabelsToTensor(0, test.Count);
        var expected = (int)(predicted == labels).sum().item<long>();
        // Ties between float32 logits could in principle flip a prediction; allow at most 2 of 2000 to differ.
        Assert.InRange(report.Correct, expected - 2, expected + 2);
        Assert.InRange(report.Accuracy!.Value, 0.55, 0.80); // nearest class mean on Fashion-MNIST is about 0.68
    }

    [Fact]
    public void StrongConditions_LowerTheAccuracy()
    {
        var (path, _) = NearestMeanModel();
        var test = fashion.Test.Slice(0, 1000);
        var evaluator = new ModelEvaluator();
        var clean = evaluator.Evaluate(path, test);
        var fog = evaluator.Evaluate(path, test, new EvaluationOptions { Condition = ConditionSpec.Parse("fog:5"), Seed = 1 });
        var shifted = evaluator.Evaluate(path, test, new EvaluationOptions { Condition = ConditionSpec.Parse("translation:5"), Seed = 1 });
        Assert.True(fog.Accuracy < clean.Accuracy - 0.05, $"clean {clean.Accuracy}, fog:5 {fog.Accuracy}");
        Assert.True(shifted.Accuracy < clean.Accuracy - 0.05, $"clean {clean.Accuracy}, translation:5 {shifted.Accuracy}");
    }
}
