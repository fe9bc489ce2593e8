using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Binary elementwise ops with multidirectional (numpy) broadcasting, which TorchSharp's operators share.
/// </summary>
internal abstract class BinaryKernel(string opType) : IOpKernel
{
    public string OpType { get; } = opType;

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 7) throw node.Unsupported("opsets before 7 (legacy 'broadcast' semantics)");
    }

    public Tensor[] Run(OpContext context) => [Apply(context.Input(0), context.Input(1))];

    protected abstract Tensor Apply(Tensor a, Tensor b);
}

internal sealed class AddKernel() : BinaryKernel("Add")
{
    protected override Tensor Apply(Tensor a, Tensor b) => a + b;
}

internal sealed class SubKernel() : BinaryKernel("Sub")
{
    protected override Tensor Apply(Tensor a, Tensor b) => a - b;
}

internal sealed class MulKernel() : BinaryKernel("Mul")
{
    protected override Tensor Apply(Tensor a, Tensor b) => a * b;
}

/// <summary>Div: integer division truncates toward zero, as ONNX specifies.</summary>
internal sealed class DivKernel() : BinaryKernel("Div")
{
    protected override Tensor Apply(Tensor a, Tensor b) =>
        is_floating_point(a) ? a / b : a.div(b, rounding_mode: RoundingMode.trunc);
}

/// <summary>Pow: the result keeps the element type of the base, as ONNX specifies.</summary>
internal sealed class PowKernel() : BinaryKernel("Pow")
{
    protected override Tensor Apply(Tensor a, Tensor b)
    {
        var result = a.pow(b);
        return result.dtype == a.dtype ? result : result.to(a.dtype);
    }
}
