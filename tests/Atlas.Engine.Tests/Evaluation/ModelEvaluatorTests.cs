using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Atlas.Engine.Tests.Data;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Tests.Evaluation;

/// <summary>
/// Eight 2×2 grayscale images whose brightest pixel is known, evaluated by a Gemm model whose logits are 10 × the
/// pixels, so every prediction, and therefore every count, can be worked out by hand.
/// </summary>
public sealed class ModelEvaluatorTests : IDisposable
{
    private const float Scale = 10f;

    // Pixel values per image (row-major 2×2); the brightest pixel's index is the model's prediction.
    private static readonly float[][] Images =
    [
        [0.9f, 0.1f, 0.2f, 0.3f], // predicts 0
        [0.1f, 0.8f, 0.0f, 0.0f], // predicts 1
        [0.2f, 0.3f, 0.7f, 0.1f], // predicts 2
        [0.0f, 0.1f, 0.2f, 0.6f], // predicts 3
        [0.5f, 0.4f, 0.1f, 0.0f], // predicts 0
        [0.3f, 0.9f, 0.3f, 0.3f], // predicts 1
        [0.1f, 0.2f, 0.3f, 0.4f], // predicts 3
        [0.2f, 0.2f, 1.0f, 0.2f], // predicts 2
    ];

    private static readonly int[] Predicted = [0, 1, 2, 3, 0, 1, 3, 2];

    // Labels: images 4 and 6 are labeled wrongly on purpose (true 1 and 2), so 6 of 8 are correct.
    private static readonly int[] Labels = [0, 1, 2, 3, 1, 1, 2, 2];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ImageDataset Dataset(bool labeled = true) =>
        new(Images.SelectMany(i => i).ToArray(), 1, 2, 2, labeled ? Labels : null, classCount: 4);

    private string WriteModel(int? batch = null, int height = 2)
    {
        var path = _dir.File($"model-{batch}-{height}.onnx");
        File.WriteAllBytes(path, TinyOnnxModels.BrightestPixel(1, height, 2, Scale, batch));
        return path;
    }

    /// <summary>Softmax of 10 × pixels in double precision, computed here independently of the evaluator.</summary>
    private static (double Confidence, double Entropy) Expected(float[] pixels)
    {
        var exp = pixels.Select(p => Math.Exp(Scale * p)).ToArray();
        var probabilities = exp.Select(e => e / exp.Sum()).ToArray();
        return (probabilities.Max(), -probabilities.Sum(p => p * Math.Log(p)));
    }

    [Fact]
    public void HandMadeSet_MatchesTheHandCount()
    {
        var report = new ModelEvaluator().Evaluate(WriteModel(), Dataset());

        var correct = Predicted.Zip(Labels).Count(p => p.First == p.Second);
        Assert.Equal(6, correct);
        Assert.Equal(8, report.ImageCount);
        Assert.Equal(4, report.ClassCount);
        Assert.Equal(correct, report.Correct);
        Assert.Equal(0.75, report.Accuracy!.Value, 12);
        // Class 1 holds images 1, 4, 5 (4 predicted as 0): 2 of 3. Class 2 holds 2, 6, 7 (6 predicted as 3): 2 of 3.
        Assert.Equal([1.0, 2.0 / 3, 2.0 / 3, 1.0], report.PerClass.Select(c => c.Accuracy!.Value));
        Assert.Equal([1, 3, 3, 1], report.PerClass.Select(c => c.Count));
        int[][] confusion = [[1, 0, 0, 0], [1, 2, 0, 0], [0, 0, 2, 1], [0, 0, 0, 1]];
        Assert.Equal(confusion, report.ConfusionMatrix.Select(r => r.ToArray()).ToArray());
        // Tolerance 1e-6: logits pass through float32 in ONNX Runtime.
        Assert.Equal(Images.Average(i => Expected(i).Confidence), report.MeanConfidence, 6);
        Assert.Equal(Images.Average(i => Expected(i).Entropy), report.MeanEntropy, 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void BatchSize_DoesNotChangeTheReport(int batchSize)
    {
        var report = new ModelEvaluator().Evaluate(WriteModel(), Dataset(), new EvaluationOptions { BatchSize = batchSize });
        Assert.Equal(6, report.Correct);
        Assert.Equal(Images.Average(i => Expected(i).Entropy), report.MeanEntropy, 6);
    }

    [Fact]
    public void FixedBatchModel_PadsTheLastBatchAndIgnoresThePadding()
    {
        // 8 images in batches of 3: the last batch has 2 real images and 1 zero image, which must not be counted.
        var report = new ModelEvaluator().Evaluate(WriteModel(batch: 3), Dataset(), new EvaluationOptions { BatchSize = 64 });
        Assert.Equal(8, report.ImageCount);
        Assert.Equal(6, report.Correct);
        Assert.Equal(8, report.ConfusionMatrix.Sum(r => r.Sum()));
        Assert.Equal(Images.Average(i => Expected(i).Confidence), report.MeanConfidence, 6);
    }

    [Fact]
    public void UnlabeledData_ReportsConfidenceWithoutAccuracy()
    {
        var report = new ModelEvaluator().Evaluate(WriteModel(), Dataset(labeled: false));
        Assert.Null(report.Accuracy);
        Assert.Empty(report.PerClass);
        Assert.Empty(report.ConfusionMatrix);
        Assert.Equal(Images.Average(i => Expected(i).Entropy), report.MeanEntropy, 6);
    }

    [Fact]
    public void Condition_IsAppliedBeforeInference()
    {
        // Pixelation:1 averages each 2×2 image into one value: the logits tie, the softmax is uniform (entropy ln 4,
        // confidence 1/4) and the first class wins every tie, so exactly the images labeled 0 are correct.
        var options = new EvaluationOptions { Condition = ConditionSpec.Parse("pixelation:1") };
        var report = new ModelEvaluator().Evaluate(WriteModel(), Dataset(), options);
        Assert.Equal(Labels.Count(l => l == 0), report.Correct);
        Assert.Equal(Math.Log(4), report.MeanEntropy, 6);
        Assert.Equal(0.25, report.MeanConfidence, 6);
        Assert.Equal("pixelation:1", report.Condition);
    }

    [Fact]
    public void InputShapeMismatch_NamesTheInputAndBothShapes()
    {
        var error = Assert.Throws<EvaluationException>(() => new ModelEvaluator().Evaluate(WriteModel(height: 3), Dataset()));
        Assert.Contains("'images'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[N, 1, 3, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[N, 1, 2, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelBeyondTheModelsClasses_IsReported()
    {
        var data = new ImageDataset(Images.SelectMany(i => i).ToArray(), 1, 2, 2, [0, 1, 2, 3, 4, 5, 6, 7]);
        var error = Assert.Throws<EvaluationException>(() => new ModelEvaluator().Evaluate(WriteModel(), data));
        Assert.Contains("label 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 4 classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionOverload_LeavesTheSessionOpen()
    {
        using var session = new InferenceSession(WriteModel());
        var evaluator = new ModelEvaluator();
        var first = evaluator.Evaluate(session, Dataset());
        var second = evaluator.Evaluate(session, Dataset());
        Assert.Equal(first.Correct, second.Correct);
    }

    [Fact]
    public void SessionOptionsWithOverriddenWeights_EvaluateTheComposedModel()
    {
        // The seam for composed weights: W = −10·I replaces the model's +10·I, so the prediction becomes the darkest
        // pixel (first one on ties): 1, 2, 3, 0, 3, 0, 0, 0.
        int[] darkest = [1, 2, 3, 0, 3, 0, 0, 0];
        var weights = new float[16];
        for (var i = 0; i < 4; i++)
        {
            weights[(i * 4) + i] = -Scale;
        }
        using var composed = OrtValue.CreateTensorValueFromMemory(weights, [4, 4]);
        using var sessionOptions = new SessionOptions();
        sessionOptions.AddInitializer("W", composed);

        var report = new ModelEvaluator().Evaluate(WriteModel(), Dataset(), sessionOptions: sessionOptions);

        Assert.Equal(darkest.Zip(Labels).Count(p => p.First == p.Second), report.Correct);
        // True class 1 holds images 1, 4, 5, now predicted 2, 3, 0.
        Assert.Equal([1, 0, 1, 1], report.ConfusionMatrix[1]);
    }

    [Fact]
    public void BrokenModelFile_IsAnEvaluationErrorNamingTheFile()
    {
        var path = _dir.File("broken.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4]);
        var error = Assert.Throws<EvaluationException>(() => new ModelEvaluator().Evaluate(path, Dataset()));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
