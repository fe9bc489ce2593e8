using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Composition;

/// <summary>
/// Composes θ(λ) = θ0 + Σᵢ λᵢ ⊙ τᵢ block by block, differentiably in λ for learning, and as plain f32 arrays for
/// inference. λ is a <c>[T, G]</c> tensor: T task vectors by G coefficient groups of the <see cref="CoefficientLayout"/>.
/// </summary>
/// <remarks>
/// At construction each block's task vectors are stacked once into a <c>[T, rows, rest]</c> tensor (absent blocks
/// become zeros) and the caller's tensors are no longer referenced, so a learning step makes no copy of the bank:
/// a block whose rows share one coefficient costs one <c>[1,T]×[T,n]</c> product, a partitioned block one
/// broadcast multiply and a sum over T. The composer owns its tensors: dispose it to free them.
/// </remarks>
public sealed class TaskVectorComposer : IDisposable
{
    private readonly BlockState[] _blocks;

    /// <param name="layout">Which coefficient scales which rows of which block.</param>
    /// <param name="baseWeights">θ0 for at least every block of the layout (f32; other initializers are ignored).</param>
    /// <param name="taskVectors">The task vectors, in coefficient-row order.</param>
    public TaskVectorComposer(CoefficientLayout layout, IReadOnlyDictionary<string, Tensor> baseWeights, IReadOnlyList<TaskVector> taskVectors)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(baseWeights);
        ArgumentNullException.ThrowIfNull(taskVectors);
        if (taskVectors.Count == 0) throw new CompositionException("A composition needs at least one task vector.");
        var duplicate = taskVectors.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CompositionException($"Task vector '{duplicate.Key}' is given twice.");

        Layout = layout;
        TaskVectorNames = taskVectors.Select(t => t.Name).ToArray();
        var groupOfRows = GroupIndexPerRow(layout);
        _blocks = new BlockState[layout.Blocks.Count];
        for (int j = 0; j < layout.Blocks.Count; j++)
        {
            var block = layout.Blocks[j];
            if (!baseWeights.TryGetValue(block.Name, out var theta0))
                throw new CompositionException($"The base model has no weights for block '{block.Name}'.");
            CheckShape(block, theta0, "the base model");
            foreach (var tv in taskVectors)
            {
                if (tv.Deltas.TryGetValue(block.Name, out var delta)) CheckShape(block, delta, $"task vector '{tv.Name}'");
            }
            _blocks[j] = BlockState.Create(block, theta0, taskVectors, groupOfRows[block.Name]);
        }
    }

    /// <summary>The layout the coefficients follow.</summary>
    public CoefficientLayout Layout { get; }

    /// <summary>Task vector names in coefficient-row order.</summary>
    public IReadOnlyList<string> TaskVectorNames { get; }

    /// <summary>Number of coefficients: task vectors × groups.</summary>
    public int CoefficientCount => TaskVectorNames.Count * Layout.Groups.Count;

    /// <summary>A new <c>[T, G]</c> coefficient leaf tensor filled with <paramref name="initial"/> (0 = the base model), requiring grad.</summary>
    public Tensor CreateCoefficients(float initial = 0f) =>
        torch.full(TaskVectorNames.Count, Layout.Groups.Count, initial, dtype: ScalarType.Float32).requires_grad_(true);

    /// <summary>
    /// The composed weights for every block, as tensors differentiable with respect to <paramref name="coefficients"/>.
    /// The caller disposes them (or composes inside a dispose scope).
    /// </summary>
    public Dictionary<string, Tensor> Compose(Tensor coefficients)
    {
        CheckCoefficients(coefficients);
        var composed = new Dictionary<string, Tensor>(_blocks.Length, StringComparer.Ordinal);
        foreach (var block in _blocks) composed[block.Name] = block.Compose(coefficients);
        return composed;
    }

    /// <summary>The composed weights as plain f32 arrays (for ONNX Runtime or an ONNX file), without autograd.</summary>
    public Dictionary<string, float[]> Materialize(Tensor coefficients)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var composed = Compose(coefficients.detach());
        return composed.ToDictionary(p => p.Key, p => p.Value.contiguous().data<float>().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Materialises from coefficient values laid out <c>[T][G]</c>.</summary>
    public Dictionary<string, float[]> Materialize(float[][] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var tensor = ToTensor(values);
        return Materialize(tensor);
    }

    /// <summary>Copies <c>[T][G]</c> values into a new <c>[T, G]</c> tensor (no grad), checking the dimensions.</summary>
    public Tensor ToTensor(float[][] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != TaskVectorNames.Count || values.Any(r => r.Length != Layout.Groups.Count))
        {
            throw new CompositionException(
                $"Coefficients must be {TaskVectorNames.Count} rows (task vectors) of {Layout.Groups.Count} values (groups).");
        }
        return torch.tensor(values.SelectMany(r => r).ToArray(), [TaskVectorNames.Count, Layout.Groups.Count]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var block in _blocks) block.Dispose();
    }

    private void CheckCoefficients(Tensor coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (coefficients.ndim != 2 || coefficients.shape[0] != TaskVectorNames.Count || coefficients.shape[1] != Layout.Groups.Count)
        {
            throw new CompositionException(
                $"Coefficients have shape [{string.Join(",", coefficients.shape)}]; expected [{TaskVectorNames.Count},{Layout.Groups.Count}] (task vectors × groups).");
        }
    }

    private static void CheckShape(ComposableBlock block, Tensor tensor, string owner)
    {
        if (!tensor.shape.SequenceEqual(block.Shape))
        {
            throw new CompositionException(
                $"Block '{block.Name}' has shape [{string.Join(",", block.Shape)}] but {owner} gives [{string.Join(",", tensor.shape)}].");
        }
    }

    /// <summary>For each block, the group index of each of its rows.</summary>
    private static Dictionary<string, long[]> GroupIndexPerRow(CoefficientLayout layout)
    {
        var map = layout.Blocks.ToDictionary(b => b.Name, b => Enumerable.Repeat(-1L, checked((int)b.Rows)).ToArray(), StringComparer.Ordinal);
        for (int g = 0; g < layout.Groups.Count; g++)
        {
            foreach (var slice in layout.Groups[g].Slices)
            {
                for (long r = slice.RowStart; r < slice.RowEnd; r++) map[slice.Block][r] = g;
            }
        }
        var uncovered = map.FirstOrDefault(p => p.Value.Contains(-1));
        if (uncovered.Key is not null) throw new CompositionException($"The layout leaves rows of block '{uncovered.Key}' without a coefficient.");
        return map;
    }

    /// <summary>One block's frozen tensors and how its rows map to coefficients.</summary>
    private sealed class BlockState : IDisposable
    {
        private readonly Tensor _theta0;       // block shape
        private readonly Tensor _stacked;      // [T, rows, rest]
        private readonly Tensor? _rowGroups;   // [rows] group index, null when all rows share _singleGroup
        private readonly long _singleGroup;
        private readonly long[] _shape;

        private BlockState(string name, Tensor theta0, Tensor stacked, Tensor? rowGroups, long singleGroup, long[] shape)
        {
            Name = name;
            _theta0 = theta0;
            _stacked = stacked;
            _rowGroups = rowGroups;
            _singleGroup = singleGroup;
            _shape = shape;
        }

        public string Name { get; }

        public static BlockState Create(ComposableBlock block, Tensor theta0, IReadOnlyList<TaskVector> taskVectors, long[] groupOfRow)
        {
            long rows = block.Rows;
            long rest = block.ElementCount / Math.Max(rows, 1);
            using var scope = torch.NewDisposeScope();
            var slices = taskVectors
                .Select(tv => tv.Deltas.TryGetValue(block.Name, out var d)
                    ? d.detach().to_type(ScalarType.Float32).reshape(rows, rest)
                    : torch.zeros(rows, rest, dtype: ScalarType.Float32))
                .ToArray();
            var stacked = torch.stack(slices).contiguous().MoveToOuterDisposeScope();
            var baseCopy = theta0.detach().to_type(ScalarType.Float32).clone().MoveToOuterDisposeScope();
            bool single = groupOfRow.All(g => g == groupOfRow[0]);
            var rowGroups = single ? null : torch.tensor(groupOfRow, dtype: ScalarType.Int64).MoveToOuterDisposeScope();
            return new BlockState(block.Name, baseCopy, stacked, rowGroups, groupOfRow[0], block.Shape);
        }

        public Tensor Compose(Tensor coefficients)
        {
            using var scope = torch.NewDisposeScope();
            Tensor delta;
            if (_rowGroups is null)
            {
                // Every row shares one coefficient per task vector: delta = Σᵢ λᵢ τᵢ as one [1,T]×[T,n] product.
                var lambda = coefficients.select(1, _singleGroup).unsqueeze(0);
                delta = lambda.matmul(_stacked.flatten(1));
            }
            else
            {
                // block:K — each row takes its chunk's coefficient: Σᵢ λᵢ[row] τᵢ[row, :].
                var perRow = coefficients.index_select(1, _rowGroups).unsqueeze(-1); // [T, rows, 1]
                delta = (perRow * _stacked).sum(dim: 0);
            }
            return (_theta0 + delta.reshape(_shape)).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            _theta0.Dispose();
            _stacked.Dispose();
            _rowGroups?.Dispose();
        }
    }
}
