using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Inference;

/// <summary>Composed weights reach the outputs at every optimisation level, and the standalone export agrees.</summary>
public sealed class InitializerOverrideTests : IDisposable
{
    private const float Tolerance = 1e-5f;
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-inference-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, float[]> Composed(OnnxModel model)
    {
        // A plausible composition: every weight moved by a seeded task-vector-like delta.
        var random = new Random(11);
        return model.Initializers.Where(i => i.Name is "conv.weight" or "conv.bias" or "fc.weight" or "fc.bias")
            .ToDictionary(i => i.Name, i => model.ReadFloatInitializer(i.Name).Select(v => v + (float)(random.NextDouble() - 0.5)).ToArray());
    }

    public static TheoryData<InferenceWeightMode, InferenceGraphOptimization, bool> Levels()
    {
        var data = new TheoryData<InferenceWeightMode, InferenceGraphOptimization, bool>();
        foreach (var mode in Enum.GetValues<InferenceWeightMode>())
            foreach (var level in Enum.GetValues<InferenceGraphOptimization>())
                foreach (var foldable in new[] { false, true })
                    data.Add(mode, level, foldable);
        return data;
    }

    // With plain AddInitializer (no overridable inputs), ONNX Runtime 1.31 failed (Basic, foldable), (All, foldable)
    // and (All, not foldable) here: constant folding and the NCHWc Conv rewrite used the original weights.
    [Theory]
    [MemberData(nameof(Levels))]
    public async Task Overrides_OfConvAndGemmWeights_ChangeOutputsToTheComposedModels(InferenceWeightMode mode, InferenceGraphOptimization level, bool foldable)
    {
        var model = InferenceTestModels.Cnn(foldable: foldable);
        var overrides = Composed(model);
        var sample = InferenceTestModels.Sample(3);
        await using var host = InferenceHostTests.CreateHost(o =>
        {
            o.GraphOptimizationLevel = level;
            o.WeightMode = mode;
        });
        await host.PublishAsync(ServedModelSpec.FromModel(model, "composed", overrides), CancellationToken.None);

        var served = (await host.InferAsync(sample, CancellationToken.None)).Logits;
        var baked = InferenceHostTests.RunPlain(model, sample, overrides);
        var unchanged = InferenceHostTests.RunPlain(model, sample);

        Assert.Equal(baked, served, (a, b) => Math.Abs(a - b) <= Tolerance);
        Assert.True(served.Zip(unchanged).Max(p => Math.Abs(p.First - p.Second)) > 0.01f, "the override did not change the output");
    }

    [Theory]
    [InlineData(InferenceWeightMode.Baked)]
    [InlineData(InferenceWeightMode.SharedInitializers)]
    public async Task ComposedModelWriter_WrittenModel_MatchesServedOutputs(InferenceWeightMode mode)
    {
        var model = InferenceTestModels.Cnn(foldable: true);
        var overrides = Composed(model);
        var path = Path.Combine(_folder, "composed.onnx");
        ComposedModelWriter.Write(model, overrides, path);

        await using var host = InferenceHostTests.CreateHost(o => o.WeightMode = mode);
        await host.PublishAsync(ServedModelSpec.FromModel(model, "composed", overrides), CancellationToken.None);
        await using var fromFile = InferenceHostTests.CreateHost();
        await fromFile.PublishAsync(ServedModelSpec.FromFile(path, "file"), CancellationToken.None);
        var batch = Enumerable.Range(0, 5).SelectMany(InferenceTestModels.Sample).ToArray();

        var served = await host.InferBatchAsync(batch, 5, CancellationToken.None);
        var exported = await fromFile.InferBatchAsync(batch, 5, CancellationToken.None);
        for (var i = 0; i < 5; i++)
            Assert.Equal(exported[i].Logits, served[i].Logits, (a, b) => Math.Abs(a - b) <= Tolerance);
        Assert.Equal(overrides["fc.weight"], OnnxModel.Load(path).ReadFloatInitializer("fc.weight"));
    }

    [Fact]
    public void ComposedModelWriter_WrongShape_ThrowsAndWritesNothing()
    {
        var path = Path.Combine(_folder, "bad.onnx");
        var e = Assert.Throws<InferenceException>(() =>
            ComposedModelWriter.Write(InferenceTestModels.Cnn(), new Dictionary<string, float[]> { ["fc.weight"] = new float[5] }, path));
        Assert.Contains("'fc.weight' expects shape [3,4] (12 values) but the override has 5 values", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
