using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Pad (opset ≥ 11: pads, constant_value and, from 18, axes as inputs) in <c>constant</c>, <c>reflect</c> or
/// <c>edge</c> mode. pads = [begin of each axis…, end of each axis…]; negative pads crop. Reflect and edge are
/// built from index_select per axis, so they work on any rank and stay differentiable.
/// </summary>
internal sealed class PadKernel : IOpKernel
{
    public string OpType => "Pad";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["mode"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 11) throw node.Unsupported("opsets before 11 (pads as attribute)");
        var mode = node.String("mode", "constant");
        if (mode is not ("constant" or "reflect" or "edge"))
            throw node.Unsupported($"attribute 'mode'='{mode}' (implemented: constant, reflect, edge)");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var node = context.Node;
        int rank = x.shape.Length;
        var pads = ShapeValues.ToLongs(context.Input(1));
        var axesInput = context.Opset >= 18 ? ShapeValues.ToLongsOrNull(context.OptionalInput(3)) : null;
        int[] axes = axesInput is null ? [.. Enumerable.Range(0, rank)] : ShapeValues.Axes(node, axesInput, rank);
        if (pads.Length != 2 * axes.Length)
            throw node.Malformed($"pads has {pads.Length} values, but {axes.Length} axes need {2 * axes.Length}");
        var begin = new long[rank];
        var end = new long[rank];
        for (int i = 0; i < axes.Length; i++)
        {
            begin[axes[i]] = pads[i];
            end[axes[i]] = pads[i + axes.Length];
        }

        string mode = context.Node.String("mode", "constant");
        if (mode == "constant")
        {
            double value = context.OptionalInput(2) is { } v && v.numel() > 0 ? v.to(ScalarType.Float64).item<double>() : 0;
            // torch's pad lists (begin, end) pairs from the last dimension backwards.
            var torchPads = Enumerable.Range(0, rank).Reverse().SelectMany(d => new[] { begin[d], end[d] }).ToArray();
            return [nn.functional.pad(x, torchPads, PaddingModes.Constant, value)];
        }

        var result = x;
        for (int d = 0; d < rank; d++)
        {
            if (begin[d] == 0 && end[d] == 0) continue;
            long dim = x.shape[d];
            if (mode == "reflect" && (begin[d] >= dim || end[d] >= dim))
                throw node.Malformed($"reflect pads ({begin[d]}, {end[d]}) on axis {d} must be smaller than its size {dim}");
            if (dim == 0) throw node.Malformed($"cannot {mode}-pad the empty axis {d}");
            var index = new long[Math.Max(0, dim + begin[d] + end[d])];
            for (long j = 0; j < index.Length; j++)
            {
                long source = j - begin[d];
                index[j] = mode == "edge" ? Math.Clamp(source, 0, dim - 1)
                    : source < 0 ? -source : source >= dim ? 2 * (dim - 1) - source : source;
            }
            result = result.index_select(d, ShapeValues.FromLongs(index, context.Device));
        }
        return [result];
    }
}
