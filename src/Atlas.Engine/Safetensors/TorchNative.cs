using System.Runtime.InteropServices;
using TorchSharp;

namespace Atlas.Engine.Safetensors;

/// <summary>
/// Direct access to a CPU tensor's storage, so stored values are converted straight into the tensor without an
/// intermediate managed array. Uses LibTorchSharp's own <c>THSTensor_data</c> entry point (the one TorchSharp's
/// accessors use); the library is already loaded once TorchSharp has created a tensor.
/// </summary>
internal static partial class TorchNative
{
    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);

    /// <summary>Creates an uninitialised contiguous CPU tensor and returns it with a pointer to its first element.</summary>
    public static unsafe torch.Tensor Empty(long[] shape, torch.ScalarType type, out void* data)
    {
        var tensor = torch.empty(shape, dtype: type, device: torch.CPU);
        data = (void*)THSTensor_data(tensor.Handle);
        if (data == null && tensor.numel() > 0)
        {
            tensor.Dispose();
            throw new InvalidOperationException("LibTorchSharp returned no data pointer for a new CPU tensor.");
        }
        return tensor;
    }
}
