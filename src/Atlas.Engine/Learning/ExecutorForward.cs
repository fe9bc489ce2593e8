using Atlas.Engine.Execution;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>Adapts a <see cref="GraphExecutor"/> with one image input and a logits output to a <see cref="ModelForward"/>.</summary>
public static class ExecutorForward
{
    /// <summary>
    /// A forward function feeding the batch to the model's only input and returning its first output (the logits).
    /// </summary>
    /// <exception cref="ArgumentException">The model has more than one input.</exception>
    public static ModelForward Create(GraphExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (executor.InputNames.Count != 1)
        {
            throw new ArgumentException(
                $"Learning needs a model with one image input; this one has {executor.InputNames.Count}: {string.Join(", ", executor.InputNames)}.",
                nameof(executor));
        }
        var input = executor.InputNames[0];
        var output = executor.OutputNames[0];
        return (x, weights) =>
        {
            var outputs = executor.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [input] = x }, weights, training: false);
            foreach (var extra in outputs.Where(p => p.Key != output)) extra.Value.Dispose();
            return outputs[output];
        };
    }
}
