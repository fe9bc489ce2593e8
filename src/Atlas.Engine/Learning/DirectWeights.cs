using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// Learns some initializers directly: every float initializer for fine-tuning, or only the normalisation scales and
/// biases for the TENT-style norm-affine baseline.
/// </summary>
public sealed class DirectWeights : ILearnableWeights, IDisposable
{
    private readonly Dictionary<string, Parameter> _parameters;
    private readonly Tensor[] _start;

    /// <param name="initial">The starting values by initializer name (copied).</param>
    public DirectWeights(IReadOnlyDictionary<string, Tensor> initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        if (initial.Count == 0) throw new ArgumentException("There is nothing to learn: no initializers were selected.", nameof(initial));
        _parameters = initial.ToDictionary(p => p.Key, p => new Parameter(p.Value.detach().to_type(ScalarType.Float32).clone(), requires_grad: true), StringComparer.Ordinal);
        _start = _parameters.Values.Select(p => p.detach().clone()).ToArray();
        Parameters = _parameters.Values.ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Weights() => _parameters.ToDictionary(p => p.Key, p => (Tensor)p.Value, StringComparer.Ordinal);

    /// <inheritdoc />
    public Tensor[] Snapshot() => Parameters.Select(p => p.detach().clone()).ToArray();

    /// <inheritdoc />
    public void Restore(Tensor[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var noGrad = torch.no_grad();
        for (int i = 0; i < Parameters.Count; i++) Parameters[i].copy_(snapshot[i]);
    }

    /// <inheritdoc />
    public void ResetToStart() => Restore(_start);

    /// <summary>The current values as f32 arrays by initializer name.</summary>
    public Dictionary<string, float[]> Values() =>
        _parameters.ToDictionary(p => p.Key, p => p.Value.detach().contiguous().data<float>().ToArray(), StringComparer.Ordinal);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var p in Parameters) p.Dispose();
        foreach (var t in _start) t.Dispose();
    }
}
