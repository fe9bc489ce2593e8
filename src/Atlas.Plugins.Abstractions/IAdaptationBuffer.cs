namespace Atlas.Plugins;

/// <summary>
/// The samples the host adapts on, addressed by index <c>0 .. Count-1</c>. Objectives that keep their own per-sample
/// state (UFM's trusted set) use it to draw extra samples into a batch without the host knowing why.
/// </summary>
public interface IAdaptationBuffer
{
    /// <summary>The number of samples in the buffer.</summary>
    int Count { get; }

    /// <summary>
    /// Returns freshly augmented views of the samples at <paramref name="indices"/>, in that order (indices may
    /// repeat). The views are the ones the objective requested in <see cref="IObjective.RequiredViews"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>0 .. Count-1</c>.</exception>
    ObjectiveSamples GetSamples(IReadOnlyList<int> indices);
}
