using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Execution;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// Everything a learning run needs from a bank, opened once: the bank, a TorchSharp executor of its base model, the
/// composer over the selected task vectors at a granularity, and the differentiable forward function.
/// </summary>
/// <remarks>Owns the executor and the composer (and through it the task-vector tensors); dispose it.</remarks>
public sealed class BankComposition : IDisposable
{
    private BankComposition(TaskVectorBank bank, GraphExecutor executor, TaskVectorComposer composer, int classCount)
    {
        Bank = bank;
        Executor = executor;
        Composer = composer;
        Forward = ExecutorForward.Create(executor);
        ClassCount = classCount;
    }

    /// <summary>The bank.</summary>
    public TaskVectorBank Bank { get; }

    /// <summary>The base model's executor; its initializers are θ0.</summary>
    public GraphExecutor Executor { get; }

    /// <summary>Composes θ0 + Σλτ over the selected task vectors.</summary>
    public TaskVectorComposer Composer { get; }

    /// <summary>The differentiable model.</summary>
    public ModelForward Forward { get; }

    /// <summary>Number of classes (the last dimension of the model's first output).</summary>
    public int ClassCount { get; }

    /// <summary>Opens a bank and prepares the composition.</summary>
    /// <param name="bankDirectory">The bank folder.</param>
    /// <param name="granularity">Coefficient granularity.</param>
    /// <param name="exclude">Task vectors to leave out (the target's own, in the paper's protocol).</param>
    /// <param name="executorOptions">Device and float type of the executor.</param>
    public static BankComposition Open(string bankDirectory, Granularity granularity, IEnumerable<string>? exclude = null, GraphExecutorOptions? executorOptions = null)
    {
        var bank = TaskVectorBank.Open(bankDirectory);
        if (bank.TaskVectors.Count == 0)
            throw new CompositionException($"Bank '{bank.Directory}' holds no task vectors; add some with 'atlas bank add', or use the norm-affine method.");
        var output = bank.BaseModel.Outputs.Count > 0 ? bank.BaseModel.Outputs[0] : throw new CompositionException($"The base model of bank '{bank.Directory}' declares no output.");
        if (output.Shape.Length == 0 || output.Shape[^1] <= 0)
            throw new CompositionException($"The base model's output '{output.Name}' has shape {output.ShapeText}; its last dimension must be the fixed class count.");
        int classCount = checked((int)output.Shape[^1]);

        var executor = new GraphExecutor(bank.BaseModel, executorOptions);
        try
        {
            using var taskVectors = bank.LoadTaskVectors(exclude: exclude);
            if (taskVectors.TaskVectors.Count == 0)
                throw new CompositionException($"Every task vector of bank '{bank.Directory}' was excluded.");
            var layout = CoefficientLayout.Create(granularity, taskVectors.Blocks, LayerGrouping.FromGraph(bank.BaseModel));
            var theta0 = taskVectors.Blocks.ToDictionary(b => b.Name, b => executor.GetInitializer(b.Name), StringComparer.Ordinal);
            // The composer copies what it needs, so the loaded set can be freed right away.
            var composer = new TaskVectorComposer(layout, theta0, taskVectors.TaskVectors.Select(t => new TaskVector(t.Name, t.Tensors)).ToArray());
            return new BankComposition(bank, executor, composer, classCount);
        }
        catch
        {
            executor.Dispose();
            throw;
        }
    }

    /// <summary>The base model's own weights for the given initializers (for baselines that learn them directly).</summary>
    public Dictionary<string, Tensor> BaseWeights(IEnumerable<string> names) =>
        names.ToDictionary(n => n, Executor.GetInitializer, StringComparer.Ordinal);

    /// <inheritdoc />
    public void Dispose()
    {
        Composer.Dispose();
        Executor.Dispose();
    }
}
