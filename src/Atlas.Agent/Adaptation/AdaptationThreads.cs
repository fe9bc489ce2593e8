using static TorchSharp.torch;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// The adaptation thread budget. Rounds run on libtorch, whose intra-op thread pool is process-wide
/// (<c>torch.set_num_threads</c>); inference runs on ONNX Runtime's own pools. Capping libtorch at
/// <see cref="AdaptationOptions.Threads"/> when the adaptation service starts leaves the remaining cores to inference
/// while a round runs, at the price of a slower round. Every other libtorch use in the process (none in a running agent)
/// shares the same cap.
/// </summary>
internal static class AdaptationThreads
{
    /// <summary>The default budget: half the cores, at least one.</summary>
    public static int Default => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Caps libtorch's intra-op threads at <paramref name="threads"/>.</summary>
    public static void Apply(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        set_num_threads(threads);
    }
}
