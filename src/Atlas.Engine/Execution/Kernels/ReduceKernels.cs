using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Reductions over <c>axes</c>: an attribute before <see cref="AxesInputOpset"/> and an optional int64 input from
/// it. <c>keepdims</c> (default 1) keeps reduced dimensions as 1; with no axes every dimension is reduced, unless
/// <c>noop_with_empty_axes</c>=1 (input form only), which returns the input unchanged.
/// </summary>
internal abstract class ReduceKernel(string opType, long axesInputOpset) : IOpKernel
{
    public string OpType { get; } = opType;

    /// <summary>First opset where the axes are an input (ReduceSum 13, the others 18).</summary>
    public long AxesInputOpset { get; } = axesInputOpset;

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axes", "keepdims", "noop_with_empty_axes"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset >= AxesInputOpset && node.HasAttribute("axes"))
            throw node.Malformed($"attribute 'axes' is an input from opset {AxesInputOpset}");
        if (node.Opset < AxesInputOpset && node.HasAttribute("noop_with_empty_axes"))
            throw node.Malformed($"attribute 'noop_with_empty_axes' exists from opset {AxesInputOpset}");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var axes = context.Opset >= AxesInputOpset ? ShapeValues.ToLongsOrNull(context.OptionalInput(1)) : context.Node.IntsOrNull("axes");
        bool keepDims = context.Int("keepdims", 1) != 0;
        if (axes is null || axes.Length == 0)
        {
            if (context.Int("noop_with_empty_axes", 0) != 0) return [x];
            axes = [.. Enumerable.Range(0, x.shape.Length).Select(d => (long)d)];
        }
        if (x.shape.Length == 0) return [x];
        var dims = ShapeValues.Axes(context.Node, axes, x.shape.Length).Select(d => (long)d).ToArray();
        return [Reduce(x, dims, keepDims)];
    }

    protected abstract Tensor Reduce(Tensor x, long[] dims, bool keepDims);
}

internal sealed class ReduceSumKernel() : ReduceKernel("ReduceSum", 13)
{
    protected override Tensor Reduce(Tensor x, long[] dims, bool keepDims) => x.sum(dims, keepdim: keepDims);
}

/// <summary>ReduceMean; on integer inputs the mean truncates toward zero.</summary>
internal sealed class ReduceMeanKernel() : ReduceKernel("ReduceMean", 18)
{
    protected override Tensor Reduce(Tensor x, long[] dims, bool keepDims)
    {
        if (is_floating_point(x)) return x.mean(dims, keepdim: keepDims);
        long count = dims.Aggregate(1L, (a, d) => a * x.shape[d]);
        return x.sum(dims, keepdim: keepDims).div(count, rounding_mode: RoundingMode.trunc);
    }
}

internal sealed class ReduceMaxKernel() : ReduceKernel("ReduceMax", 18)
{
    protected override Tensor Reduce(Tensor x, long[] dims, bool keepDims) => x.amax(dims, keepdim: keepDims);
}
