using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Resize (opset ≥ 11) in <c>nearest</c> or <c>linear</c> mode, from the <c>scales</c> or the <c>sizes</c> input
/// (optionally restricted to <c>axes</c>, opset 18). Each resized axis is resampled separately with index_select
/// (nearest) or a weighted pair of index_selects (linear, which makes 2-D linear bilinear), so the result is
/// differentiable. Cubic mode, antialiasing, tf_crop_and_resize and aspect-ratio policies other than stretch are
/// rejected before running.
/// </summary>
internal sealed class ResizeKernel : IOpKernel
{
    public string OpType => "Resize";

    public IReadOnlyCollection<string> SupportedAttributes { get; } =
        ["mode", "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a", "exclude_outside", "extrapolation_value", "antialias", "axes", "keep_aspect_ratio_policy"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 11) throw node.Unsupported("opsets before 11 (scales as the second input)");
        var mode = node.String("mode", "nearest");
        if (mode is not ("nearest" or "linear")) throw node.Unsupported($"attribute 'mode'='{mode}' (implemented: nearest, linear)");
        var transform = node.String("coordinate_transformation_mode", "half_pixel");
        if (!ResizeCoordinates.TransformModes.Contains(transform))
            throw node.Unsupported($"attribute 'coordinate_transformation_mode'='{transform}' (implemented: {string.Join(", ", ResizeCoordinates.TransformModes)})");
        var nearest = node.String("nearest_mode", "round_prefer_floor");
        if (!ResizeCoordinates.NearestModes.Contains(nearest))
            throw node.Unsupported($"attribute 'nearest_mode'='{nearest}' (implemented: {string.Join(", ", ResizeCoordinates.NearestModes)})");
        node.RequireIntAttribute("antialias", 0);
        node.RequireIntAttribute("exclude_outside", 0);
        var policy = node.String("keep_aspect_ratio_policy", "stretch");
        if (policy != "stretch") throw node.Unsupported($"attribute 'keep_aspect_ratio_policy'='{policy}' (implemented: stretch)");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var node = context.Node;
        int rank = x.shape.Length;
        var axes = node.IntsOrNull("axes") is { } given ? ShapeValues.Axes(node, given, rank) : [.. Enumerable.Range(0, rank)];
        var (scales, sizes) = Targets(context, x.shape, axes);

        string mode = node.String("mode", "nearest");
        string transform = node.String("coordinate_transformation_mode", "half_pixel");
        string nearestMode = node.String("nearest_mode", "round_prefer_floor");
        var result = x;
        for (int d = 0; d < rank; d++)
        {
            long input = x.shape[d], output = sizes[d];
            if (output == input && scales[d] == 1f) continue;
            if (input == 0 || output <= 0)
                throw node.Malformed($"cannot resize axis {d} from {input} to {output}");
            if (mode == "nearest")
            {
                var index = new long[output];
                for (long i = 0; i < output; i++)
                    index[i] = ResizeCoordinates.Nearest(nearestMode, ResizeCoordinates.Original(transform, i, scales[d], output, input), input);
                result = result.index_select(d, ShapeValues.FromLongs(index, context.Device));
            }
            else
            {
                result = Linear(result, d, input, output, scales[d], transform, context);
            }
        }
        return [result];
    }

    private static Tensor Linear(Tensor x, int axis, long input, long output, float scale, string transform, OpContext context)
    {
        var low = new long[output];
        var high = new long[output];
        var weight = new float[output];
        for (long i = 0; i < output; i++)
            (low[i], high[i], weight[i]) = ResizeCoordinates.Linear(ResizeCoordinates.Original(transform, i, scale, output, input), input);
        var shape = Enumerable.Repeat(1L, x.shape.Length).ToArray();
        shape[axis] = output;
        var w = torch.tensor(weight, shape, x.dtype, context.Device);
        var a = x.index_select(axis, ShapeValues.FromLongs(low, context.Device));
        var b = x.index_select(axis, ShapeValues.FromLongs(high, context.Device));
        return a + (b - a) * w;
    }

    /// <summary>Per-dimension scale and output size, from scales (size = floor(input·scale)) or sizes (scale = size/input).</summary>
    private static (float[] Scales, long[] Sizes) Targets(OpContext context, long[] shape, int[] axes)
    {
        var node = context.Node;
        int rank = shape.Length;
        var scales = Enumerable.Repeat(1f, rank).ToArray();
        var sizes = (long[])shape.Clone();
        var scaleInput = context.OptionalInput(2);
        var sizeInput = context.OptionalInput(3);
        bool hasScales = scaleInput is not null && scaleInput.numel() > 0;
        bool hasSizes = sizeInput is not null && sizeInput.numel() > 0;
        if (hasScales == hasSizes)
            throw node.Malformed("exactly one of the 'scales' and 'sizes' inputs must be non-empty");
        if (hasScales)
        {
            using var cpu = scaleInput!.to(ScalarType.Float32).cpu();
            var given = cpu.data<float>().ToArray();
            if (given.Length != axes.Length) throw node.Malformed($"scales has {given.Length} values for {axes.Length} axes");
            for (int i = 0; i < axes.Length; i++)
            {
                if (given[i] <= 0) throw node.Malformed($"scale {given[i]} on axis {axes[i]} is not positive");
                scales[axes[i]] = given[i];
                sizes[axes[i]] = (long)Math.Floor(shape[axes[i]] * given[i]);
            }
        }
        else
        {
            var given = ShapeValues.ToLongs(sizeInput!);
            if (given.Length != axes.Length) throw node.Malformed($"sizes has {given.Length} values for {axes.Length} axes");
            for (int i = 0; i < axes.Length; i++)
            {
                sizes[axes[i]] = given[i];
                scales[axes[i]] = (float)given[i] / shape[axes[i]];
            }
        }
        return (scales, sizes);
    }
}
