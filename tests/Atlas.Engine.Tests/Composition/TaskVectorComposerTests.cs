using Atlas.Engine.Composition;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Composition;

public sealed class TaskVectorComposerTests
{
    private static readonly ComposableBlock[] Blocks =
    [
        new("conv.weight", [4, 2, 3, 3]),
        new("conv.bias", [4]),
        new("fc.weight", [3, 5]),
        new("scale", []),
    ];

    private static Dictionary<string, Tensor> Random(int seed, float scale = 1f)
    {
        var generator = new Generator((ulong)seed);
        return Blocks.ToDictionary(b => b.Name, b => torch.randn(b.Shape, generator: generator) * scale);
    }

    private static (TaskVectorComposer Composer, Dictionary<string, Tensor> Theta0, TaskVector[] TaskVectors) Make(Granularity granularity)
    {
        var theta0 = Random(1);
        var tvs = new[]
        {
            new TaskVector("fog", Random(2, 0.1f)),
            // "dark" changes only two blocks: the others are zero for it.
            new TaskVector("dark", Random(3, 0.1f).Where(p => p.Key is "conv.weight" or "fc.weight").ToDictionary(p => p.Key, p => p.Value)),
            new TaskVector("blur", Random(4, 0.1f)),
        };
        var layout = CoefficientLayout.Create(granularity, Blocks, name => name.Split('.')[0]);
        return (new TaskVectorComposer(layout, theta0, tvs), theta0, tvs);
    }

    [Theory]
    [InlineData("global")]
    [InlineData("layer")]
    [InlineData("block")]
    [InlineData("block:2")]
    [InlineData("block:3")]
    public void Compose_EqualsBasePlusScaledTaskVectors_Exactly(string granularity)
    {
        var (composer, theta0, tvs) = Make(Granularity.Parse(granularity));
        using var _ = composer;
        var generator = new Generator(7);
        using var lambda = torch.randn(composer.TaskVectorNames.Count, composer.Layout.Groups.Count, generator: generator);
        var composed = composer.Compose(lambda);

        // Independent reference: walk the groups and add λ·τ slice by slice.
        foreach (var block in Blocks)
        {
            var expected = theta0[block.Name].clone().reshape(block.Rows, -1);
            for (int g = 0; g < composer.Layout.Groups.Count; g++)
            {
                foreach (var slice in composer.Layout.Groups[g].Slices.Where(s => s.Block == block.Name))
                {
                    for (int i = 0; i < tvs.Length; i++)
                    {
                        if (!tvs[i].Deltas.TryGetValue(block.Name, out var tau)) continue;
                        var rows = tau.reshape(block.Rows, -1)[TensorIndex.Slice(slice.RowStart, slice.RowEnd)];
                        expected[TensorIndex.Slice(slice.RowStart, slice.RowEnd)] += lambda[i, g] * rows;
                    }
                }
            }
            // Same f32 operations in a different order: allow a few ulps.
            var difference = (composed[block.Name].reshape(block.Rows, -1) - expected).abs().max().item<float>();
            Assert.True(difference <= 1e-6f, $"{block.Name}: max |difference| {difference}");
        }
    }

    [Fact]
    public void Compose_ZeroCoefficients_ReproducesBaseBitForBit()
    {
        var (composer, theta0, _) = Make(Granularity.Block);
        using var _1 = composer;
        using var zero = composer.CreateCoefficients();
        var composed = composer.Compose(zero);
        foreach (var block in Blocks)
            Assert.True((composed[block.Name] == theta0[block.Name]).all().item<bool>(), block.Name);
    }

    [Theory]
    [InlineData("block")]
    [InlineData("block:2")]
    [InlineData("layer")]
    public void Gradient_MatchesFiniteDifferencesAndInnerProductIdentity(string granularity)
    {
        var (composer, _, tvs) = Make(Granularity.Parse(granularity));
        using var _1 = composer;
        var weights = Random(11);
        Tensor Loss(Tensor lambda)
        {
            // A smooth non-linear scalar of the composed weights.
            var composed = composer.Compose(lambda);
            return composed.Select(p => (p.Value.tanh() * weights[p.Key]).sum()).Aggregate((a, b) => a + b);
        }

        var generator = new Generator(5);
        var lambda = (torch.randn(composer.TaskVectorNames.Count, composer.Layout.Groups.Count, generator: generator, dtype: ScalarType.Float32) * 0.5f).requires_grad_(true);
        var loss = Loss(lambda);
        loss.backward();
        var analytic = lambda.grad!.clone();

        // Identity: ∂L/∂λᵢ(g) = Σ over the group's slices ⟨∂L/∂θ(slice), τᵢ(slice)⟩.
        var theta = composer.Compose(lambda.detach());
        foreach (var t in theta.Values) t.requires_grad_(true);
        var lossOfTheta = theta.Select(p => (p.Value.tanh() * weights[p.Key]).sum()).Aggregate((a, b) => a + b);
        lossOfTheta.backward();
        for (int i = 0; i < tvs.Length; i++)
        {
            for (int g = 0; g < composer.Layout.Groups.Count; g++)
            {
                double inner = 0;
                foreach (var slice in composer.Layout.Groups[g].Slices)
                {
                    if (!tvs[i].Deltas.TryGetValue(slice.Block, out var tau)) continue;
                    var rows = TensorIndex.Slice(slice.RowStart, slice.RowEnd);
                    long blockRows = tau.ndim == 0 ? 1 : tau.shape[0];
                    var grad = theta[slice.Block].grad!.reshape(blockRows, -1)[rows];
                    inner += (grad * tau.reshape(blockRows, -1)[rows]).sum().item<float>();
                }
                var a = analytic[i, g].item<float>();
                Assert.True(Math.Abs(a - inner) <= 1e-4 * (1 + Math.Abs(inner)), $"identity ({i},{g}): {a} vs {inner}");
            }
        }

        // Central finite differences in f32 with step 1e-2 on a loss of O(10): tolerance 2e-3 relative + 2e-3 absolute.
        const float h = 1e-2f;
        for (int i = 0; i < composer.TaskVectorNames.Count; i++)
        {
            for (int g = 0; g < composer.Layout.Groups.Count; g++)
            {
                using var noGrad = torch.no_grad();
                var plus = lambda.detach().clone();
                plus[i, g] += h;
                var minus = lambda.detach().clone();
                minus[i, g] -= h;
                var numeric = (Loss(plus).item<float>() - Loss(minus).item<float>()) / (2 * h);
                var a = analytic[i, g].item<float>();
                Assert.True(Math.Abs(a - numeric) <= 2e-3 * (1 + Math.Abs(numeric)), $"finite difference ({i},{g}): {a} vs {numeric}");
            }
        }
    }

    [Fact]
    public void Materialize_MatchesComposeAsArrays()
    {
        var (composer, _, _) = Make(Granularity.Parse("block:2"));
        using var _1 = composer;
        var values = composer.TaskVectorNames.Select((_, i) => Enumerable.Range(0, composer.Layout.Groups.Count).Select(g => 0.1f * (i + 1) - 0.05f * g).ToArray()).ToArray();
        var arrays = composer.Materialize(values);
        using var tensor = composer.ToTensor(values);
        var composed = composer.Compose(tensor);
        foreach (var block in Blocks)
            Assert.Equal(composed[block.Name].detach().flatten().data<float>().ToArray(), arrays[block.Name]);
    }

    [Fact]
    public void Constructor_TaskVectorWithWrongShape_FailsNamingBlockAndShapes()
    {
        var theta0 = Random(1);
        var bad = Random(2);
        bad["fc.weight"] = torch.zeros(5, 3);
        var layout = CoefficientLayout.Create(Granularity.Block, Blocks);
        var error = Assert.Throws<CompositionException>(() => new TaskVectorComposer(layout, theta0, [new TaskVector("fog", bad)]));
        Assert.Contains("fc.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[5,3]", error.Message, StringComparison.Ordinal);
    }
}
