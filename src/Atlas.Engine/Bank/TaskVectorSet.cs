using Atlas.Engine.Composition;

namespace Atlas.Engine.Bank;

/// <summary>
/// Task vectors loaded from a bank, with the blocks they span. Owns every tensor it holds: dispose it when the
/// composition no longer needs them.
/// </summary>
public sealed class TaskVectorSet : IDisposable
{
    private bool _disposed;

    internal TaskVectorSet(IReadOnlyList<LoadedTaskVector> taskVectors, IReadOnlyList<ComposableBlock> blocks)
    {
        TaskVectors = taskVectors;
        Blocks = blocks;
    }

    /// <summary>The loaded task vectors, in bank order.</summary>
    public IReadOnlyList<LoadedTaskVector> TaskVectors { get; }

    /// <summary>Float initializers that at least one loaded task vector changes, in base-model initializer order.</summary>
    public IReadOnlyList<ComposableBlock> Blocks { get; }

    /// <summary>
    /// The loaded task vectors as <see cref="TaskVectorComposer"/> input (same tensors, still owned by this set; the
    /// composer stacks its own copy at construction, so the set may be disposed after the composer is built).
    /// </summary>
    public IReadOnlyList<TaskVector> ToComposition() => [.. TaskVectors.Select(t => new TaskVector(t.Name, t.Tensors))];

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var tensor in TaskVectors.SelectMany(t => t.Tensors.Values)) tensor.Dispose();
    }
}
