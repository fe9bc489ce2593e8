using Atlas.Engine.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution;

/// <summary>
/// Checks that <see cref="GraphExecutor"/> runs a model correctly: its outputs against ONNX Runtime on seeded random
/// input (fp32), and its gradients against central finite differences (float64), for
/// f = Σ over float outputs of sum(output ⊙ W) with fixed seeded weights W, with respect to a few elements of a few
/// float initializers (the largest one, then seeded random picks). This is what <c>atlas model verify</c> runs.
/// </summary>
public static class ModelVerifier
{
    /// <exception cref="GraphExecutionException">An input cannot be fed (non-float, or symbolic sizes without
    /// <see cref="ModelVerifierOptions.Shape"/>) or the graph fails.</exception>
    /// <exception cref="UnsupportedOperatorException">The executor cannot run the model.</exception>
    public static ModelVerificationReport Verify(OnnxModel model, ModelVerifierOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ModelVerifierOptions();
        options.Validate();
        TorchRuntime.EnsureLoaded();
        var feeds = VerificationInputs.Create(model, options);
        var expected = OrtReference.Run(model, feeds);
        var (maxAbsolute, maxRelative) = CompareOutputs(model, feeds, expected);
        cancellationToken.ThrowIfCancellationRequested();
        var gradients = CheckGradients(model, feeds, options, cancellationToken);
        return new ModelVerificationReport(
            feeds.ToDictionary(f => f.Key, f => f.Value.Shape, StringComparer.Ordinal),
            maxAbsolute, maxRelative, options.Tolerance, gradients, options.GradientTolerance);
    }

    private static (double Absolute, double Relative) CompareOutputs(OnnxModel model, Dictionary<string, (long[] Shape, float[] Values)> feeds, Dictionary<string, double[]> expected)
    {
        using var scope = torch.NewDisposeScope();
        using var executor = new GraphExecutor(model);
        var outputs = executor.Run(feeds.ToDictionary(f => f.Key, f => torch.tensor(f.Value.Values, f.Value.Shape), StringComparer.Ordinal));
        double maxAbsolute = 0, maxRelative = 0;
        foreach (var (name, reference) in expected)
        {
            var actual = ToDoubles(outputs[name]);
            if (actual.Length != reference.Length)
            {
                throw new GraphExecutionException(
                    $"Output '{name}': the executor produced {actual.Length} elements of shape [{string.Join(",", outputs[name].shape)}], ONNX Runtime {reference.Length}.");
            }
            double scale = Math.Max(1.0, reference.Select(Math.Abs).DefaultIfEmpty(0).Max());
            double worst = 0;
            for (int i = 0; i < reference.Length; i++)
            {
                double d = Math.Abs(actual[i] - reference[i]);
                if (double.IsNaN(d) && !(double.IsNaN(actual[i]) && double.IsNaN(reference[i]))) d = double.PositiveInfinity;
                if (d > worst || double.IsNaN(worst)) worst = d;
            }
            maxAbsolute = Math.Max(maxAbsolute, worst);
            maxRelative = Math.Max(maxRelative, worst / scale);
        }
        return (maxAbsolute, maxRelative);
    }

    private static List<GradientCheckResult> CheckGradients(OnnxModel model, Dictionary<string, (long[] Shape, float[] Values)> feeds,
        ModelVerifierOptions options, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + 1);
        var candidates = model.Initializers.Where(i => i.IsFloatingPoint && i.ElementCount > 0).ToList();
        var chosen = candidates.OrderByDescending(i => i.ElementCount).Take(1)
            .Concat(candidates.OrderByDescending(i => i.ElementCount).Skip(1).OrderBy(_ => random.Next()).Take(options.GradientInitializers - 1))
            .Take(options.GradientInitializers).ToArray();
        var results = new List<GradientCheckResult>();
        if (chosen.Length == 0) return results;

        using var scope = torch.NewDisposeScope();
        using var executor = new GraphExecutor(model, new GraphExecutorOptions { FloatType = ScalarType.Float64 });
        var inputs = feeds.ToDictionary(f => f.Key, f => torch.tensor(f.Value.Values, f.Value.Shape).to(ScalarType.Float64), StringComparer.Ordinal);
        var weights = OutputWeights(executor, inputs, options.Seed);

        double Objective(Dictionary<string, Tensor> overrides, bool backward)
        {
            using var inner = torch.NewDisposeScope();
            var outputs = executor.Run(inputs, overrides);
            var total = torch.zeros([], ScalarType.Float64);
            foreach (var (name, w) in weights) total = total + (outputs[name] * w).sum();
            if (backward) total.backward();
            return total.item<double>();
        }

        var leaves = chosen.ToDictionary(i => i.Name, i => executor.GetInitializer(i.Name).detach().clone().requires_grad_(true), StringComparer.Ordinal);
        Objective(leaves, backward: true);
        foreach (var info in chosen)
        {
            var leaf = leaves[info.Name];
            var baseline = leaf.detach().clone();
            using var gradient = leaf.grad is { } g ? g.detach().clone().reshape(-1) : torch.zeros(baseline.numel(), ScalarType.Float64);
            foreach (var index in DistinctIndices(random, info.ElementCount, options.ElementsPerInitializer))
            {
                cancellationToken.ThrowIfCancellationRequested();
                double Perturbed(double delta)
                {
                    using var noGrad = torch.no_grad();
                    using var value = baseline.clone();
                    using var flat = value.view(-1);
                    flat[index] = flat[index] + delta;
                    var overrides = new Dictionary<string, Tensor>(leaves, StringComparer.Ordinal) { [info.Name] = value };
                    return Objective(overrides, backward: false);
                }
                double h = options.FiniteDifferenceStep;
                double numeric = (Perturbed(h) - Perturbed(-h)) / (2 * h);
                double analytic = gradient[index].item<double>();
                double error = Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(numeric), Math.Abs(analytic)), 1e-3);
                results.Add(new GradientCheckResult(info.Name, index, analytic, numeric, error, error <= options.GradientTolerance));
            }
        }
        return results;
    }

    private static List<long> DistinctIndices(Random random, long count, int wanted)
    {
        var picked = new List<long>();
        while (picked.Count < Math.Min(count, wanted))
        {
            long index = random.NextInt64(count);
            if (!picked.Contains(index)) picked.Add(index);
        }
        return picked;
    }

    /// <summary>Seeded uniform [-1, 1) weights shaped like each float output (found by one forward pass).</summary>
    private static Dictionary<string, Tensor> OutputWeights(GraphExecutor executor, Dictionary<string, Tensor> inputs, int seed)
    {
        using var noGrad = torch.no_grad();
        var outputs = executor.Run(inputs);
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var generator = new Generator(unchecked((ulong)seed + 7919));
        foreach (var (name, value) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (torch.is_floating_point(value))
                weights[name] = torch.rand(value.shape, ScalarType.Float64, generator: generator).mul(2).sub(1);
        }
        return weights;
    }

    private static double[] ToDoubles(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var cpu = t.detach().to(ScalarType.Float64).cpu().reshape(-1);
        return cpu.data<double>().ToArray();
    }
}
