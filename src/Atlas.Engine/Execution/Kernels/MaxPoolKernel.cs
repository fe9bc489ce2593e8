using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// MaxPool (1-D to 3-D): kernel_shape, strides, pads, dilations, ceil_mode, auto_pad. Padding never wins a max
/// (it is −∞). The common case (symmetric pads ≤ half the kernel, floor mode) is one torch call; otherwise the input
/// is padded to exactly the windows ONNX defines. The optional Indices output is not implemented.
/// </summary>
internal sealed class MaxPoolKernel : IOpKernel
{
    public string OpType => "MaxPool";

    // storage_order only changes the Indices output, which is rejected in Validate.
    public IReadOnlyCollection<string> SupportedAttributes { get; } =
        ["auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"];

    public void Validate(NodeInfo node)
    {
        SpatialGeometry.ValidateAutoPad(node);
        if (node.HasOutput(1)) throw node.Unsupported("the optional output 'Indices' (output 1) is not implemented");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var geometry = PoolWindow.Resolve(context, x.shape);
        bool ceil = context.Int("ceil_mode", 0) != 0;
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
            y = Pool(x, geometry.Kernel, geometry.Strides, geometry.PadBegin, geometry.Dilations);
        }
        else
        {
            var (extra, output) = PoolWindow.FitOutput(geometry, input, ceil);
            var padded = SpatialGeometry.PadSpatial(x, geometry.PadBegin, extra, double.NegativeInfinity);
            y = Pool(padded, geometry.Kernel, geometry.Strides, new long[geometry.Rank], geometry.Dilations);
            for (int i = 0; i < geometry.Rank; i++) y = y.narrow(2 + i, 0, output[i]);
        }
        return [lifted ? y.squeeze(-1) : y];
    }

    private static Tensor Pool(Tensor x, long[] kernel, long[] strides, long[] padding, long[] dilations) =>
        kernel.Length == 2
            ? nn.functional.max_pool2d(x, kernel, strides, padding, dilations)
            : nn.functional.max_pool3d(x, kernel, strides, padding, dilations);
}
