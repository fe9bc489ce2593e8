using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Slice (opset ≥ 10: starts, ends, axes and steps as inputs). Negative starts and ends count from the end, out of
/// range values are clamped as the spec says (so INT64_MAX means "to the end"), and a negative step walks backwards
/// (done as a flip followed by a forward slice, which autograd handles).
/// </summary>
internal sealed class SliceKernel : IOpKernel
{
    public string OpType => "Slice";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 10) throw node.Unsupported("opsets before 10 (starts/ends as attributes)");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var node = context.Node;
        var starts = ShapeValues.ToLongs(context.Input(1));
        var ends = ShapeValues.ToLongs(context.Input(2));
        int rank = x.shape.Length;
        var axes = ShapeValues.ToLongsOrNull(context.OptionalInput(3)) ?? [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
        var steps = ShapeValues.ToLongsOrNull(context.OptionalInput(4)) ?? [.. Enumerable.Repeat(1L, starts.Length)];
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw node.Malformed($"starts ({starts.Length}), ends ({ends.Length}), axes ({axes.Length}) and steps ({steps.Length}) differ in length");
        var normalized = ShapeValues.Axes(node, axes, rank);

        var result = x;
        for (int i = 0; i < starts.Length; i++)
        {
            int axis = normalized[i];
            long dim = x.shape[axis], step = steps[i];
            if (step == 0) throw node.Malformed($"step 0 on axis {axes[i]}");
            long start = starts[i] < 0 ? SaturatingAdd(starts[i], dim) : starts[i];
            long end = ends[i] < 0 ? SaturatingAdd(ends[i], dim) : ends[i];
            if (step > 0)
            {
                start = Math.Clamp(start, 0, dim);
                end = Math.Clamp(end, 0, dim);
                result = result.slice(axis, start, Math.Max(start, end), step);
            }
            else
            {
                start = Math.Clamp(start, 0, dim - 1);
                end = Math.Clamp(end, -1, dim - 1);
                // Element j of the flipped axis is element dim-1-j of the original.
                long flippedStart = dim - 1 - start, flippedEnd = dim - 1 - end;
                result = dim == 0 ? result : result.flip(axis).slice(axis, flippedStart, Math.Max(flippedStart, flippedEnd), -step);
            }
        }
        return [result];
    }

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : sum;
    }
}
