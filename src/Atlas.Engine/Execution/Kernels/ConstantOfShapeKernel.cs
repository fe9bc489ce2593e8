using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// ConstantOfShape: a tensor of the shape given by an int64 input, filled with the one-element <c>value</c>
/// attribute (its type: int64, bool or float) or with float zeros when the attribute is absent.
/// </summary>
internal sealed class ConstantOfShapeKernel : IOpKernel
{
    public string OpType => "ConstantOfShape";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["value"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var shape = ShapeValues.ToLongs(context.Input(0));
        if (!context.Node.HasAttribute("value"))
            return [torch.zeros(shape, context.Environment.FloatType, context.Device)];
        var value = context.Node.Tensor("value");
        if (value.numel() != 1)
            throw context.Node.Malformed($"attribute 'value' must hold one element, it has shape {ShapeValues.Text(value.shape)}");
        return [value.reshape([]).expand(shape).clone()];
    }
}
