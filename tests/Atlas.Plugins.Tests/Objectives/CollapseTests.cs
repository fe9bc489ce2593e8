using TorchSharp;

namespace Atlas.Plugins.Tests.Objectives;

/// <summary>
/// method.md: under severe shift plain entropy minimisation collapses onto one class, the class-balanced variant does
/// not. A linear classifier (weights and bias learned) on three heavily overlapping Gaussian classes (unit-circle
/// centres, noise σ = 1.5), adapted without labels by each objective as loaded from its plugin.
/// </summary>
[Collection(BuiltInObjectivesGroup.Name)]
public sealed class CollapseTests(BuiltInObjectivesFixture plugins)
{
    private const int Classes = 3;
    private const int Samples = 600;

    /// <summary>
    /// The true classes are balanced (share 1/3); a biased start predicts class 0 for 55% of the samples. Measured
    /// (300 Adam steps, lr 0.1, batch 64): plain entropy 0.552 → 0.678, balanced entropy 0.552 → 0.370.
    /// </summary>
    [Fact]
    public void BiasedStart_PlainEntropyDriftsTowardOneClass_BalancedReturnsToBalance()
    {
        var (before, plain) = Adapt("entropy", steps: 300);
        var (_, balanced) = Adapt("entropy-balanced", steps: 300);
        Assert.InRange(before, 0.5, 0.6);
        Assert.True(plain > before + 0.05, $"plain entropy: largest share {before:F3} -> {plain:F3}");
        Assert.True(balanced < 0.42, $"balanced entropy: largest share {before:F3} -> {balanced:F3}");
    }

    private (double Before, double After) Adapt(string name, int steps)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new Random(7);
        var x = new double[Samples, 2];
        for (var i = 0; i < Samples; i++)
        {
            var angle = 2 * Math.PI * (i % Classes) / Classes;
            x[i, 0] = Math.Cos(angle) + (1.5 * Gaussian(generator));
            x[i, 1] = Math.Sin(angle) + (1.5 * Gaussian(generator));
        }
        var data = torch.tensor(x, dtype: torch.ScalarType.Float64);
        var w = torch.nn.Parameter(torch.tensor(new double[,] { { 1, 0 }, { -0.5, 0.866 }, { -0.5, -0.866 } }, dtype: torch.ScalarType.Float64));
        var b = torch.nn.Parameter(torch.tensor(new double[] { 1.5, 0, 0 }, dtype: torch.ScalarType.Float64));
        var objective = plugins.Create(name);
        using var optimizer = torch.optim.Adam([w, b], lr: 0.1);
        var buffer = new RecordingBuffer(data, null);
        var before = LargestShare(data, w, b);
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var indices = Enumerable.Range(0, 64).Select(_ => generator.Next(Samples)).ToArray();
            var batch = data.index_select(0, torch.tensor(indices.Select(i => (long)i).ToArray()));
            optimizer.zero_grad();
            var loss = objective.ComputeLoss(new ObjectiveBatch
            {
                Weak = batch, Forward = t => t.matmul(w.t()) + b, ClassCount = Classes, Step = step, Epoch = 0,
                TotalEpochs = 1, Indices = indices, Buffer = buffer, Random = generator,
            });
            loss.backward();
            optimizer.step();
        }
        return (before, LargestShare(data, w, b));
    }

    private static double LargestShare(torch.Tensor data, torch.Tensor w, torch.Tensor b)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var predictions = (data.matmul(w.t()) + b).argmax(1).data<long>().ToArray();
        return predictions.GroupBy(p => p).Max(g => g.Count()) / (double)Samples;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
