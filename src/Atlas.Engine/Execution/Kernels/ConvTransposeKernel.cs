using System.Globalization;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// ConvTranspose (1-D, 2-D, 3-D): strides, pads, output_padding, groups and dilations. Symmetric pads with an
/// output_padding torch accepts go to torch directly; otherwise the full transposed convolution is computed and
/// then cropped/extended per axis (begin pads removed, end pads removed, output_padding appended), bias added last.
/// auto_pad SAME_* and output_shape are rejected before running.
/// </summary>
internal sealed class ConvTransposeKernel : IOpKernel
{
    public string OpType => "ConvTranspose";

    public IReadOnlyCollection<string> SupportedAttributes { get; } =
        ["auto_pad", "dilations", "group", "kernel_shape", "output_padding", "pads", "strides"];

    public void Validate(NodeInfo node) => SpatialGeometry.ValidateAutoPad(node, "NOTSET", "VALID");

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var w = context.Input(1);
        var b = context.OptionalInput(2);
        int n = (int)x.dim() - 2;
        if (n is < 1 or > 3 || w.dim() != x.dim())
            throw new InvalidOperationException($"ConvTranspose needs X and W of equal rank 3, 4 or 5, got ranks {x.dim()} and {w.dim()}");
        long group = context.Int("group", 1);
        long[] kernel = w.shape[2..];
        if (context.Node.IntsOrNull("kernel_shape") is { } declared && !declared.SequenceEqual(kernel))
            throw new InvalidOperationException($"kernel_shape [{string.Join(",", declared)}] differs from the weight's [{string.Join(",", kernel)}]");
        if (group < 1 || x.shape[1] != w.shape[0] || w.shape[0] % group != 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"input channels {x.shape[1]}, weight [{string.Join(",", w.shape)}] and group {group} do not fit (need C = W[0], divisible by group)"));
        long outChannels = w.shape[1] * group;
        if (b is not null && (b.dim() != 1 || b.shape[0] != outChannels))
            throw new InvalidOperationException($"bias shape [{string.Join(",", b.shape)}] should be [{outChannels}]");

        var geometry = SpatialGeometry.Resolve(context, x.shape[2..], kernel);
        var outputPadding = context.Ints("output_padding", new long[n]);
        if (outputPadding.Length != n) throw context.Node.Malformed($"'output_padding' needs {n} values");
        bool lifted = n == 1;
        if (lifted)
        {
            x = x.unsqueeze(-1);
            w = w.unsqueeze(-1);
            geometry = geometry.LiftTo2D();
            outputPadding = [outputPadding[0], 0];
        }
        bool direct = geometry.SymmetricPads && Enumerable.Range(0, geometry.Rank)
            .All(i => outputPadding[i] < geometry.Strides[i] || outputPadding[i] < geometry.Dilations[i]);
        Tensor y;
        if (direct)
        {
            y = Transpose(x, w, b, geometry.Strides, geometry.PadBegin, outputPadding, geometry.Dilations, group);
        }
        else
        {
            var zeros = new long[geometry.Rank];
            y = Transpose(x, w, null, geometry.Strides, zeros, zeros, geometry.Dilations, group);
            var end = geometry.PadEnd.Select((p, i) => outputPadding[i] - p).ToArray();
            y = SpatialGeometry.PadSpatial(y, [.. geometry.PadBegin.Select(p => -p)], end);
            if (b is not null) y = y + b.reshape([outChannels, .. Enumerable.Repeat(1L, geometry.Rank)]);
        }
        return [lifted ? y.squeeze(-1) : y];
    }

    private static Tensor Transpose(Tensor x, Tensor w, Tensor? b, long[] strides, long[] pads, long[] outputPadding, long[] dilations, long group) =>
        strides.Length == 2
            ? nn.functional.conv_transpose2d(x, w, b, strides, pads, outputPadding, dilations, group)
            : nn.functional.conv_transpose3d(x, w, b, strides, pads, outputPadding, dilations, group);
}
