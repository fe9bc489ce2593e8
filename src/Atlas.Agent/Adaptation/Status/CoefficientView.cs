using Atlas.Engine.Composition;

namespace Atlas.Agent.Adaptation.Status;

/// <summary>
/// Holds the served composition's coefficients for readers. The adaptation service reports each swap with
/// <see cref="Served"/> (a one-line hook); readers take the immutable <see cref="Current"/> snapshot without locking.
/// A swap back to the base model keeps the last known labels with every value zero.
/// </summary>
internal sealed class CoefficientView(TimeProvider time) : ICoefficientView
{
    private readonly Lock _gate = new();
    private CoefficientSnapshot? _current;

    public CoefficientSnapshot? Current => Volatile.Read(ref _current);

    public event Action<CoefficientSnapshot>? Changed;

    /// <summary>Records that <paramref name="coefficients"/> (null: the base model, λ = 0) now serve as <paramref name="modelVersion"/>.</summary>
    public void Served(CoefficientSet? coefficients, string modelVersion, int storedVersion, string cause)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelVersion);
        CoefficientSnapshot snapshot;
        lock (_gate)
        {
            var previous = _current;
            snapshot = coefficients is null
                ? new CoefficientSnapshot(modelVersion, storedVersion, cause, previous?.TaskVectors ?? [], previous?.Blocks ?? [],
                    previous?.Values.Select(row => (IReadOnlyList<float>)new float[row.Count]).ToArray() ?? [], time.GetUtcNow())
                : new CoefficientSnapshot(modelVersion, storedVersion, cause, coefficients.TaskVectors.ToArray(), coefficients.Groups.ToArray(),
                    coefficients.Values.Select(row => (IReadOnlyList<float>)(float[])row.Clone()).ToArray(), time.GetUtcNow());
            Volatile.Write(ref _current, snapshot);
        }
        Changed?.Invoke(snapshot);
    }
}
