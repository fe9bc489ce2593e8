using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Window geometry shared by Conv, ConvTranspose and the pooling kernels: kernel, strides, dilations and the
/// begin/end padding of each spatial axis after resolving <c>auto_pad</c> (ONNX spells pads as
/// [x1_begin, x2_begin, …, x1_end, x2_end]).
/// </summary>
internal sealed record SpatialGeometry(long[] Kernel, long[] Strides, long[] Dilations, long[] PadBegin, long[] PadEnd)
{
    public static readonly string[] AutoPadValues = ["NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"];

    public int Rank => Kernel.Length;

    /// <summary>True when every axis pads the same amount at both ends.</summary>
    public bool SymmetricPads => PadBegin.AsSpan().SequenceEqual(PadEnd);

    /// <summary>Throws <see cref="NodeInfo.Unsupported"/> for an auto_pad value outside the ONNX set.</summary>
    public static void ValidateAutoPad(NodeInfo node, params string[] allowed)
    {
        var value = node.String("auto_pad", "NOTSET");
        if (!(allowed.Length > 0 ? allowed : AutoPadValues).Contains(value))
            throw node.Unsupported($"attribute 'auto_pad'='{value}' (implemented: {string.Join(", ", allowed.Length > 0 ? allowed : AutoPadValues)})");
    }

    /// <summary>
    /// Reads strides, dilations and pads for a window of <paramref name="kernel"/> over <paramref name="input"/>
    /// (the spatial sizes), resolving SAME_UPPER/SAME_LOWER so that output = ceil(input / stride).
    /// </summary>
    public static SpatialGeometry Resolve(OpContext context, long[] input, long[] kernel)
    {
        int n = kernel.Length;
        var ones = Enumerable.Repeat(1L, n).ToArray();
        var strides = context.Ints("strides", ones);
        var dilations = context.Ints("dilations", ones);
        var node = context.Node;
        if (strides.Length != n || dilations.Length != n)
            throw node.Malformed($"'strides' [{string.Join(",", strides)}] and 'dilations' [{string.Join(",", dilations)}] need {n} values");
        var begin = new long[n];
        var end = new long[n];
        switch (context.String("auto_pad", "NOTSET"))
        {
            case "NOTSET":
                var pads = context.Ints("pads", new long[2 * n]);
                if (pads.Length != 2 * n) throw node.Malformed($"'pads' [{string.Join(",", pads)}] needs {2 * n} values");
                Array.Copy(pads, 0, begin, 0, n);
                Array.Copy(pads, n, end, 0, n);
                break;
            case "VALID":
                break;
            case var mode:
                for (int i = 0; i < n; i++)
                {
                    long output = (input[i] + strides[i] - 1) / strides[i];
                    long total = Math.Max(0, ((output - 1) * strides[i]) + ((kernel[i] - 1) * dilations[i]) + 1 - input[i]);
                    long small = total / 2;
                    (begin[i], end[i]) = mode == "SAME_UPPER" ? (small, total - small) : (total - small, small);
                }
                break;
        }
        return new SpatialGeometry(kernel, strides, dilations, begin, end);
    }

    /// <summary>The same geometry with a trailing unit axis, so 1-D work can run on the 2-D TorchSharp functions.</summary>
    public SpatialGeometry LiftTo2D() => Rank != 1 ? this
        : new SpatialGeometry([Kernel[0], 1], [Strides[0], 1], [Dilations[0], 1], [PadBegin[0], 0], [PadEnd[0], 0]);

    /// <summary>Pads the spatial axes of an [N,C,…] tensor by the given begin/end amounts (negative crops).</summary>
    public static Tensor PadSpatial(Tensor x, long[] begin, long[] end, double value = 0)
    {
        int n = begin.Length;
        var pad = new long[2 * n];
        for (int i = 0; i < n; i++)
        {
            // torch.nn.functional.pad lists the last axis first.
            pad[2 * i] = begin[n - 1 - i];
            pad[(2 * i) + 1] = end[n - 1 - i];
        }
        return nn.functional.pad(x, pad, PaddingModes.Constant, value);
    }

    /// <summary>Effective extent of the kernel along axis <paramref name="i"/>: (k − 1)·d + 1.</summary>
    public long Extent(int i) => ((Kernel[i] - 1) * Dilations[i]) + 1;

    /// <summary>
    /// ONNX pooling output size along axis <paramref name="i"/>: floor or ceil of
    /// (input + pads − extent) / stride + 1; in ceil mode a last window that would start past the input and its
    /// begin padding is dropped (the rule ONNX Runtime and PyTorch share).
    /// </summary>
    public long PoolOutputSize(int i, long input, bool ceilMode)
    {
        long span = input + PadBegin[i] + PadEnd[i] - Extent(i);
        if (span < 0) return 0;
        long output = (ceilMode ? (span + Strides[i] - 1) / Strides[i] : span / Strides[i]) + 1;
        if (ceilMode && (output - 1) * Strides[i] >= input + PadBegin[i]) output--;
        return output;
    }
}
