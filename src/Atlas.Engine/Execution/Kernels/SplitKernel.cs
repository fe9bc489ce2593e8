using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Split: along <c>axis</c> into the sizes of the <c>split</c> input (opset ≥ 13; an attribute before), or into
/// <c>num_outputs</c> parts of ceil(n / num_outputs) with a smaller last part (opset 18), or into equal parts,
/// one per output.
/// </summary>
internal sealed class SplitKernel : IOpKernel
{
    public string OpType => "Split";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis", "split", "num_outputs"];

    public void Validate(NodeInfo node)
    {
        if (node.HasAttribute("split") && node.Opset >= 13)
            throw node.Malformed("attribute 'split' is an input from opset 13");
        if (node.HasAttribute("num_outputs") && node.Opset < 18)
            throw node.Malformed("attribute 'num_outputs' exists from opset 18");
        if (node.HasAttribute("num_outputs") && node.HasInput(1))
            throw node.Malformed("both 'num_outputs' and the 'split' input are given");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        int axis = ShapeValues.Axis(context.Node, context.Int("axis", 0), x.shape.Length);
        long length = x.shape[axis];
        int outputs = context.Node.Outputs.Count;
        long[] sizes;
        var explicitSizes = context.Opset >= 13 ? ShapeValues.ToLongsOrNull(context.OptionalInput(1)) : context.Node.IntsOrNull("split");
        if (explicitSizes is not null)
        {
            sizes = explicitSizes;
        }
        else if (context.Node.HasAttribute("num_outputs"))
        {
            long parts = context.Node.Int("num_outputs");
            long chunk = (length + parts - 1) / parts;
            sizes = [.. Enumerable.Range(0, (int)parts).Select(i => Math.Max(0, Math.Min(chunk, length - i * chunk)))];
        }
        else
        {
            if (length % outputs != 0)
                throw context.Node.Malformed($"dimension {axis} of {ShapeValues.Text(x.shape)} does not split into {outputs} equal parts");
            sizes = [.. Enumerable.Repeat(length / outputs, outputs)];
        }
        if (sizes.Sum() != length || sizes.Length != outputs)
            throw context.Node.Malformed($"split sizes [{string.Join(",", sizes)}] do not cover dimension {axis} ({length}) in {outputs} outputs");
        return x.split(sizes, axis);
    }
}
