using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Execution;

/// <summary>
/// Compares the executor's autograd gradients with central finite differences, in float64. The scalar checked is
/// f = Σ over float outputs of sum(output ⊙ W) with fixed seeded weights W, so every output element matters.
/// Gradients are taken with respect to graph inputs (fed as leaves) and initializers (replaced through
/// <c>initializerOverrides</c>, which also exercises the override path).
/// </summary>
public static class GradientChecker
{
    /// <summary>
    /// Asserts |autograd − finite difference| ≤ <paramref name="tolerance"/> · max(1, |finite difference|) for up
    /// to <paramref name="maxElements"/> elements of each tensor in <paramref name="wrt"/> (step
    /// <paramref name="step"/>, float64).
    /// </summary>
    public static void AssertGradientsMatch(OnnxModel model, IReadOnlyDictionary<string, HostTensor> feeds, string[] wrt,
        double tolerance = 1e-6, double step = 1e-6, int maxElements = 48, int seed = 11)
    {
        using var scope = torch.NewDisposeScope();
        using var executor = new GraphExecutor(model, new GraphExecutorOptions { FloatType = ScalarType.Float64 });
        var inputs = feeds.ToDictionary(kv => kv.Key, kv => kv.Value.ToTorch(ScalarType.Float64), StringComparer.Ordinal);
        var overrides = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var name in wrt)
        {
            if (inputs.ContainsKey(name)) continue;
            Assert.True(model.HasInitializer(name), $"'{name}' is neither a fed input nor an initializer.");
            overrides[name] = executor.GetInitializer(name).detach().clone();
        }

        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        double Evaluate(Dictionary<string, Tensor> ins, Dictionary<string, Tensor> ovs, bool backward)
        {
            using var inner = torch.NewDisposeScope();
            var outputs = executor.Run(ins, ovs);
            Tensor total = torch.zeros([], ScalarType.Float64);
            foreach (var (name, value) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                if (!torch.is_floating_point(value)) continue;
                if (!weights.TryGetValue(name, out var w))
                {
                    var generator = new Generator((ulong)(seed + weights.Count));
                    weights[name] = w = torch.rand(value.shape, ScalarType.Float64, generator: generator).mul(2).sub(1).DetachFromDisposeScope();
                }
                total = total + (value * w).sum();
            }
            if (backward) total.backward();
            return total.item<double>();
        }

        Tensor Leaf(string name) => inputs.TryGetValue(name, out var t) ? t : overrides[name];
        foreach (var name in wrt) Leaf(name).requires_grad_(true);
        Evaluate(inputs, overrides, backward: true);
        var analytic = wrt.ToDictionary(n => n, n => Leaf(n).grad is { } g ? g.detach().clone().data<double>().ToArray() : null);

        var random = new Random(seed);
        foreach (var name in wrt)
        {
            var leaf = Leaf(name);
            var baseValues = leaf.detach().clone().data<double>().ToArray();
            var shape = leaf.shape;
            var grad = analytic[name];
            Assert.True(grad is not null, $"No gradient reached '{name}'.");
            var indices = Enumerable.Range(0, baseValues.Length).ToArray();
            if (indices.Length > maxElements) indices = [.. indices.OrderBy(_ => random.Next()).Take(maxElements)];
            foreach (var i in indices)
            {
                double FWith(double delta)
                {
                    var values = (double[])baseValues.Clone();
                    values[i] += delta;
                    using var perturbed = torch.tensor(values, shape);
                    var ins = new Dictionary<string, Tensor>(inputs, StringComparer.Ordinal);
                    var ovs = new Dictionary<string, Tensor>(overrides, StringComparer.Ordinal);
                    if (ins.ContainsKey(name)) ins[name] = perturbed; else ovs[name] = perturbed;
                    using var noGrad = torch.no_grad();
                    return Evaluate(ins, ovs, backward: false);
                }
                double numeric = (FWith(step) - FWith(-step)) / (2 * step);
                double difference = Math.Abs(grad![i] - numeric);
                Assert.True(difference <= tolerance * Math.Max(1, Math.Abs(numeric)),
                    $"d f / d {name}[{i}]: autograd {grad[i]:G10}, central difference {numeric:G10} (|diff| {difference:G3} > tolerance {tolerance:G3}).");
            }
        }
        foreach (var w in weights.Values) w.Dispose();
    }
}
