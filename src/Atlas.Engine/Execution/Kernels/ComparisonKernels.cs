using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Elementwise comparisons with numpy broadcasting; the output is bool.</summary>
internal abstract class ComparisonKernel(string opType, Func<Tensor, Tensor, Tensor> compare) : IOpKernel
{
    public string OpType { get; } = opType;

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 7) throw node.Unsupported("opsets before 7 (legacy 'broadcast' semantics)");
    }

    public Tensor[] Run(OpContext context) => [compare(context.Input(0), context.Input(1))];
}

internal sealed class EqualKernel() : ComparisonKernel("Equal", (a, b) => a.eq(b));

internal sealed class GreaterKernel() : ComparisonKernel("Greater", (a, b) => a.gt(b));

internal sealed class LessKernel() : ComparisonKernel("Less", (a, b) => a.lt(b));
