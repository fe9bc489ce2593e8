using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// AveragePool (1-D to 3-D): kernel_shape, strides, pads, auto_pad, ceil_mode and count_include_pad. The common
/// case (symmetric pads ≤ half the kernel, floor mode) is one torch call. Otherwise the window sums are divided by
/// the number of counted positions in each window, pooled from a mask that covers the input (and, with
/// count_include_pad, the explicit pads), which reproduces ONNX's divisor for asymmetric pads and ceil mode.
/// Dilations other than 1 are rejected before running.
/// </summary>
internal sealed class AveragePoolKernel : IOpKernel
{
    public string OpType => "AveragePool";

    public IReadOnlyCollection<string> SupportedAttributes { get; } =
        ["auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"];

    public void Validate(NodeInfo node)
    {
        SpatialGeometry.ValidateAutoPad(node);
        if (node.IntsOrNull("dilations") is { } d && d.Any(v => v != 1))
            throw node.Unsupported($"attribute 'dilations'=[{string.Join(",", d)}] (only 1s are implemented)");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var geometry = PoolWindow.Resolve(context, x.shape);
        bool ceil = context.Int("ceil_mode", 0) != 0;
        bool includePad = context.Int("count_include_pad", 0) != 0;
        var input = x.shape[2..];
        bool lifted = geometry.Rank == 1;
        if (lifted)
        {
            x = x.unsqueeze(-1);
            geometry = geometry.LiftTo2D();
            input = [input[0], 1];
        }
        Tensor y;
        bool direct = !ceil && geometry.SymmetricPads && Enumerable.Range(0, geometry.Rank).All(i => geometry.PadBegin[i] * 2 <= geometry.Kernel[i]);
        if (direct)
        {
            y = Pool(x, geometry.Kernel, geometry.Strides, geometry.PadBegin, includePad);
        }
        else
        {
            var (extra, output) = PoolWindow.FitOutput(geometry, input, ceil);
            var zeros = new long[geometry.Rank];
            var sums = Pool(SpatialGeometry.PadSpatial(x, geometry.PadBegin, extra), geometry.Kernel, geometry.Strides, zeros, true);
            using var ones = torch.ones([1, 1, .. input], x.dtype, x.device);
            // The counted region: the input, plus the explicit pads when count_include_pad is set.
            using var counted = includePad ? SpatialGeometry.PadSpatial(ones, geometry.PadBegin, geometry.PadEnd, 1) : ones.alias();
            var maskEnd = includePad ? extra.Select((e, i) => e - geometry.PadEnd[i]).ToArray() : extra;
            var maskBegin = includePad ? zeros : geometry.PadBegin;
            var counts = Pool(SpatialGeometry.PadSpatial(counted, maskBegin, maskEnd), geometry.Kernel, geometry.Strides, zeros, true);
            y = sums / counts;
            for (int i = 0; i < geometry.Rank; i++) y = y.narrow(2 + i, 0, output[i]);
        }
        return [lifted ? y.squeeze(-1) : y];
    }

    private static Tensor Pool(Tensor x, long[] kernel, long[] strides, long[] padding, bool countIncludePad) =>
        kernel.Length == 2
            ? nn.functional.avg_pool2d(x, kernel, strides, padding, false, countIncludePad)
            : nn.functional.avg_pool3d(x, kernel, strides, padding, false, countIncludePad);
}
