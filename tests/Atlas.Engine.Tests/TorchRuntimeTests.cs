using Atlas.Engine;
using TorchSharp;

namespace Atlas.Engine.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void TensorOp_RunsInsideTheTestHost()
    {
        TorchRuntime.EnsureLoaded();
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = torch.tensor(new float[] { 4, 5, 6 });
        using var dot = (a * b).sum();
        Assert.Equal(32f, dot.item<float>());
    }

    [Fact]
    public void ResolveDevice_Cuda_OnCpuBackend_FailsWithClearMessage()
    {
        if (torch.cuda.is_available()) return; // a CUDA build has nothing to refuse
        var error = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ResolveDevice("cuda"));
        Assert.Contains("no CUDA support", error.Message, StringComparison.Ordinal);
    }
}
