using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Squeeze: removes the size-1 dimensions listed in <c>axes</c> (an optional input from opset 13, an attribute
/// before), or every size-1 dimension when no (or empty) axes are given. Naming a dimension that is not 1 is an error.
/// </summary>
internal sealed class SqueezeKernel : IOpKernel
{
    public string OpType => "Squeeze";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axes"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset >= 13 && node.HasAttribute("axes")) throw node.Malformed("attribute 'axes' is an input from opset 13");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var shape = x.shape;
        var axes = context.Opset >= 13 ? ShapeValues.ToLongsOrNull(context.OptionalInput(1)) : context.Node.IntsOrNull("axes");
        int[] remove = axes is null || axes.Length == 0
            ? [.. Enumerable.Range(0, shape.Length).Where(d => shape[d] == 1)]
            : ShapeValues.Axes(context.Node, axes, shape.Length);
        foreach (var d in remove)
        {
            if (shape[d] != 1)
                throw context.Node.Malformed($"cannot squeeze axis {d} of shape {ShapeValues.Text(shape)}: its size is not 1");
        }
        var keep = Enumerable.Range(0, shape.Length).Where(d => !remove.Contains(d)).Select(d => shape[d]).ToArray();
        return [x.reshape(keep)];
    }
}
