using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Einsum: torch.einsum with the node's <c>equation</c> (explicit or implicit output, ellipsis allowed).</summary>
internal sealed class EinsumKernel : IOpKernel
{
    public string OpType => "Einsum";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["equation"];

    public void Validate(NodeInfo node)
    {
        if (string.IsNullOrWhiteSpace(node.String("equation", ""))) throw node.Malformed("the required attribute 'equation' is missing");
    }

    public Tensor[] Run(OpContext context)
    {
        var equation = context.Node.String("equation", "").Replace(" ", "", StringComparison.Ordinal);
        var operands = Enumerable.Range(0, context.InputCount).Select(context.Input).ToArray();
        return [torch.einsum(equation, operands)];
    }
}
