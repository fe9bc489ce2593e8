using TorchSharp;

namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class ObjectiveGradientTests(BuiltInObjectivesFixture plugins)
{
    public static TheoryData<string> BuiltInNames => ["entropy", "entropy-balanced", "reliable-entropy", "ufm", "contrastive", "cross-entropy"];

    [Theory]
    [MemberData(nameof(BuiltInNames))]
    public void Backward_GivesFiniteNonZeroGradientToTheModel(string name)
    {
        using var model = new TinyLinearModel();
        var objective = plugins.Create(name);
        objective.OnEpochStart(model.Epoch());
        using var scope = torch.NewDisposeScope();
        var loss = objective.ComputeLoss(model.Batch());
        Assert.Equal(0, loss.dim());
        loss.backward();
        var grad = model.Weight.grad!;
        Assert.True(grad.isfinite().all().item<bool>());
        Assert.True(grad.abs().sum().item<double>() > 1e-8, $"{name}: gradient is zero");
    }

    /// <summary>
    /// ∂L/∂W against central finite differences, element by element (float64, h = 1e-6, tolerance 1e-5 relative).
    /// UFM's pseudo-labels carry no gradient by design, so for UFM the differences hold the weak-view prediction fixed.
    /// </summary>
    [Theory]
    [MemberData(nameof(BuiltInNames))]
    public void Gradient_MatchesFiniteDifferences(string name)
    {
        using var model = new TinyLinearModel();
        var objective = plugins.Create(name);
        objective.OnEpochStart(model.Epoch());
        using var scope = torch.NewDisposeScope();
        var frozen = name == "ufm" ? model.Weight.detach().clone() : null;
        objective.ComputeLoss(model.Batch()).backward();
        var analytic = model.Weight.grad!.clone();

        const double h = 1e-6;
        for (var c = 0; c < TinyLinearModel.Classes; c++)
        {
            for (var f = 0; f < TinyLinearModel.Features; f++)
            {
                var plus = LossWithShift(objective, model, frozen, c, f, h);
                var minus = LossWithShift(objective, model, frozen, c, f, -h);
                var numeric = (plus - minus) / (2 * h);
                var value = analytic[c, f].item<double>();
                Assert.True(Math.Abs(numeric - value) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                    $"{name}: dL/dW[{c},{f}] analytic {value} vs numeric {numeric}");
            }
        }
    }

    private static double LossWithShift(IObjective objective, TinyLinearModel model, torch.Tensor? frozen, int c, int f, double shift)
    {
        using var noGrad = torch.no_grad();
        var original = model.Weight[c, f].item<double>();
        model.Weight[c, f] = torch.tensor(original + shift, dtype: torch.ScalarType.Float64);
        var loss = objective.ComputeLoss(model.Batch(frozenWeakWeight: frozen)).item<double>();
        model.Weight[c, f] = torch.tensor(original, dtype: torch.ScalarType.Float64);
        return loss;
    }
}
