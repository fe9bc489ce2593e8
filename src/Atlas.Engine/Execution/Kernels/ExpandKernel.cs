using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Expand: broadcasts the input against the int64 shape input in both directions (numpy rules): a 1 in the shape
/// keeps the input's dimension, and the result has the larger rank.
/// </summary>
internal sealed class ExpandKernel : IOpKernel
{
    public string OpType => "Expand";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var requested = ShapeValues.ToLongs(context.Input(1));
        var target = Broadcast(context.Node, x.shape, requested);
        return [x.expand(target)];
    }

    internal static long[] Broadcast(NodeInfo node, long[] a, long[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            long db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw node.Malformed($"shapes {ShapeValues.Text(a)} and {ShapeValues.Text(b)} do not broadcast (dimension {i}: {da} vs {db})");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }
}
