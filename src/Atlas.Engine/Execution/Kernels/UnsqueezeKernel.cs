using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Unsqueeze: inserts size-1 dimensions at <c>axes</c> (an input from opset 13, an attribute before), which index
/// the output's dimensions and may be negative.
/// </summary>
internal sealed class UnsqueezeKernel : IOpKernel
{
    public string OpType => "Unsqueeze";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axes"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset >= 13 && node.HasAttribute("axes")) throw node.Malformed("attribute 'axes' is an input from opset 13");
        if (node.Opset < 13 && !node.HasAttribute("axes")) throw node.Malformed("the required attribute 'axes' is missing");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var axes = context.Opset >= 13 ? ShapeValues.ToLongs(context.Input(1)) : context.Node.Ints("axes", []);
        int outputRank = x.shape.Length + axes.Length;
        var result = x;
        foreach (var axis in ShapeValues.Axes(context.Node, axes, outputRank).Order())
            result = result.unsqueeze(axis);
        return [result];
    }
}
