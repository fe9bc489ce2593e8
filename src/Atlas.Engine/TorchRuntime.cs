using TorchSharp;

namespace Atlas.Engine;

/// <summary>
/// One place that makes sure libtorch is loaded and reports which devices the linked backend supports.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Loads libtorch (idempotent) and returns the version string of the native library.</summary>
    public static string EnsureLoaded()
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        return torch.__version__;
    }

    /// <summary>
    /// Resolves a device name such as <c>cpu</c>, <c>cuda</c> or <c>cuda:1</c>, failing with a clear message when
    /// the libtorch backend linked into this build cannot provide it.
    /// </summary>
    public static torch.Device ResolveDevice(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        EnsureLoaded();
        var device = new torch.Device(name);
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
        {
            throw new InvalidOperationException(
                $"Device '{name}' was requested, but the libtorch backend in this build has no CUDA support " +
                "(it was built with AtlasTorchBackend=cpu, or no CUDA driver is present). " +
                "Use device 'cpu', or build with a CUDA libtorch package as described in docs/engine.md.");
        }
        return device;
    }
}
