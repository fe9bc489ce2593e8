using Atlas.Engine.Bank;
using TorchSharp;

namespace Atlas.Engine.Composition;

/// <summary>
/// Turns a bank and a coefficient file into composed weights: the path from learned coefficients to something ONNX
/// Runtime can serve (<c>atlas compose</c>, <c>atlas eval --coefficients</c>, the agent's hot swap).
/// </summary>
public static class BankCoefficients
{
    /// <summary>
    /// Validates the coefficients against the bank (hash, task vectors, granularity, groups) and returns the composed
    /// f32 weights of every composable block, keyed by initializer name.
    /// </summary>
    /// <exception cref="CompositionException">The coefficients do not belong to this bank; the message lists why.</exception>
    public static Dictionary<string, float[]> Compose(TaskVectorBank bank, CoefficientSet coefficients)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(coefficients);
        var unknown = coefficients.TaskVectors.Except(bank.TaskVectorNames, StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
            throw new CompositionException($"The coefficients name task vectors that bank '{bank.Directory}' lacks: {string.Join(", ", unknown)}.");
        using var scope = torch.NewDisposeScope();
        using var taskVectors = bank.LoadTaskVectors(include: coefficients.TaskVectors);
        var layout = CoefficientLayout.Create(coefficients.Granularity, taskVectors.Blocks, LayerGrouping.FromGraph(bank.BaseModel));
        var theta0 = taskVectors.Blocks.ToDictionary(
            b => b.Name,
            b => torch.tensor(bank.BaseModel.ReadFloatInitializer(b.Name)).reshape(b.Shape),
            StringComparer.Ordinal);
        using var composer = new TaskVectorComposer(layout, theta0, taskVectors.TaskVectors.Select(t => new TaskVector(t.Name, t.Tensors)).ToArray());
        return composer.Materialize(coefficients.AlignTo(bank.Hash, composer));
    }
}
