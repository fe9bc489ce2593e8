using Atlas.Engine.Composition;
using Atlas.Engine.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Inference;

/// <summary>The composer's materialised weights are what the host serves: θ = θ0 + Σ λ·τ reaches ONNX Runtime.</summary>
public sealed class CompositionServingTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public async Task MaterializedComposition_PublishedToHost_ServesTheComposedModelsOutputs()
    {
        var model = InferenceTestModels.Cnn();
        var blocks = model.Initializers.Select(i => new ComposableBlock(i.Name, i.Shape)).ToArray();
        var theta0 = blocks.ToDictionary(b => b.Name, b => torch.tensor(model.ReadFloatInitializer(b.Name), b.Shape));
        var generator = new Generator(21);
        var fog = new TaskVector("fog", blocks.ToDictionary(b => b.Name, b => torch.randn(b.Shape, generator: generator) * 0.3f));
        var layout = CoefficientLayout.Create(Granularity.Block, blocks, name => name.Split('.')[0]);
        using var composer = new TaskVectorComposer(layout, theta0, [fog]);
        var coefficients = new[] { Enumerable.Range(0, layout.Groups.Count).Select(g => 0.5f + 0.25f * g).ToArray() };
        var composed = composer.Materialize(coefficients);

        await using var host = InferenceHostTests.CreateHost();
        var info = await host.PublishAsync(ServedModelSpec.FromModel(model, "fog-0.5", composed), CancellationToken.None);
        var sample = InferenceTestModels.Sample(4);
        var served = await host.InferAsync(sample, CancellationToken.None);

        Assert.Equal(blocks.Length, info.OverriddenInitializers);
        Assert.Equal(InferenceHostTests.RunPlain(model, sample, composed), served.Logits, (a, b) => Math.Abs(a - b) <= Tolerance);
        var unchanged = InferenceHostTests.RunPlain(model, sample);
        Assert.True(served.Logits.Zip(unchanged).Max(p => Math.Abs(p.First - p.Second)) > 0.01f);
        foreach (var t in theta0.Values) t.Dispose();
        foreach (var t in fog.Deltas.Values) t.Dispose();
    }
}
