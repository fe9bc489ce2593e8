using Atlas.Engine;
using TorchSharp;

namespace Atlas.Plugins.Tests;

/// <summary>One place that prepares libtorch for these tests.</summary>
internal static class TestTorch
{
    /// <summary>
    /// Loads libtorch and uses one intra-op thread. Every tensor here is tiny; with libtorch's default (one thread
    /// per core) on a shared 2-core machine, thread hand-offs dominated: 300 adaptation steps of the collapse test
    /// took 16 s with 2 threads and 1.1 s with 1.
    /// </summary>
    public static void Initialize()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
    }
}
