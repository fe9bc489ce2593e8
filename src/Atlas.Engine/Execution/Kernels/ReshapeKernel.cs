using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Reshape: the target shape comes from an int64 input at run time (dynamic-batch exports compute it with
/// Shape → Gather → Concat). A 0 copies the input's dimension unless <c>allowzero</c>=1 (opset 14), where it means
/// an empty dimension; one -1 is inferred from the element count.
/// </summary>
internal sealed class ReshapeKernel : IOpKernel
{
    public string OpType => "Reshape";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["allowzero"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 5) throw node.Unsupported("opsets before 5 (shape as attribute)");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var requested = ShapeValues.ToLongs(context.Input(1));
        bool allowZero = context.Int("allowzero", 0) != 0;
        var shape = (long[])requested.Clone();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] != 0 || allowZero) continue;
            if (d >= x.shape.Length)
                throw context.Node.Malformed($"shape {ShapeValues.Text(requested)} copies dimension {d} (0) of an input of shape {ShapeValues.Text(x.shape)}");
            shape[d] = x.shape[d];
        }
        if (shape.Count(v => v == -1) > 1 || shape.Any(v => v < -1))
            throw context.Node.Malformed($"shape {ShapeValues.Text(requested)} has more than one -1 or a negative dimension");
        if (allowZero && shape.Contains(0) && shape.Contains(-1))
            throw context.Node.Malformed($"shape {ShapeValues.Text(requested)} has both 0 and -1 with allowzero=1");
        return [x.reshape(shape)];
    }
}
