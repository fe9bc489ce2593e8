using System.Globalization;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Conv (1-D, 2-D and 3-D): groups, strides, dilations, explicit pads and auto_pad. Symmetric padding goes to
/// torch's convolution directly; asymmetric padding (SAME_* with an odd total, or explicit pads) is applied to the
/// input first. 1-D convolutions run as 2-D ones over a trailing unit axis.
/// </summary>
internal sealed class ConvKernel : IOpKernel
{
    public string OpType => "Conv";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"];

    public void Validate(NodeInfo node) => SpatialGeometry.ValidateAutoPad(node);

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var w = context.Input(1);
        var b = context.OptionalInput(2);
        int n = (int)x.dim() - 2;
        if (n is < 1 or > 3 || w.dim() != x.dim())
            throw new InvalidOperationException($"Conv needs X and W of equal rank 3, 4 or 5, got ranks {x.dim()} and {w.dim()}");
        long group = context.Int("group", 1);
        long[] kernel = w.shape[2..];
        CheckShapes(context, x.shape, w.shape, b?.shape, group, kernel);
        var geometry = SpatialGeometry.Resolve(context, x.shape[2..], kernel);
        for (int i = 0; i < n; i++)
        {
            if (x.shape[2 + i] + geometry.PadBegin[i] + geometry.PadEnd[i] < geometry.Extent(i))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"spatial axis {i}: padded input {x.shape[2 + i] + geometry.PadBegin[i] + geometry.PadEnd[i]} is smaller than the dilated kernel {geometry.Extent(i)}"));
        }
        bool lifted = n == 1;
        if (lifted)
        {
            x = x.unsqueeze(-1);
            w = w.unsqueeze(-1);
            geometry = geometry.LiftTo2D();
        }
        long[] padding = geometry.PadBegin;
        if (!geometry.SymmetricPads)
        {
            x = SpatialGeometry.PadSpatial(x, geometry.PadBegin, geometry.PadEnd);
            padding = new long[geometry.Rank];
        }
        var y = geometry.Rank == 2
            ? nn.functional.conv2d(x, w, b, geometry.Strides, padding, geometry.Dilations, group)
            : nn.functional.conv3d(x, w, b, geometry.Strides, padding, geometry.Dilations, group);
        return [lifted ? y.squeeze(-1) : y];
    }

    private static void CheckShapes(OpContext context, long[] x, long[] w, long[]? b, long group, long[] kernel)
    {
        if (context.Node.IntsOrNull("kernel_shape") is { } declared && !declared.SequenceEqual(kernel))
            throw new InvalidOperationException($"kernel_shape [{string.Join(",", declared)}] differs from the weight's [{string.Join(",", kernel)}]");
        if (group < 1 || x[1] != w[1] * group || w[0] % group != 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"input channels {x[1]}, weight [{string.Join(",", w)}] and group {group} do not fit (need C = W[1]·group and W[0] divisible by group)"));
        if (b is not null && (b.Length != 1 || b[0] != w[0]))
            throw new InvalidOperationException($"bias shape [{string.Join(",", b)}] should be [{w[0]}]");
    }
}
