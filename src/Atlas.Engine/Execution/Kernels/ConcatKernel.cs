using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Concat: joins the inputs along <c>axis</c> (negative counts from the end); int64 stays int64.</summary>
internal sealed class ConcatKernel : IOpKernel
{
    public string OpType => "Concat";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis"];

    public void Validate(NodeInfo node)
    {
        if (!node.HasAttribute("axis")) throw node.Malformed("the required attribute 'axis' is missing");
    }

    public Tensor[] Run(OpContext context)
    {
        var inputs = Enumerable.Range(0, context.InputCount).Select(context.Input).ToArray();
        if (inputs.Length == 1) return [inputs[0]];
        int axis = ShapeValues.Axis(context.Node, context.Int("axis", 0), inputs[0].shape.Length);
        return [torch.cat(inputs, axis)];
    }
}
