using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>MatMul: numpy matmul semantics (batched, broadcasting, 1-D promotion), which torch.matmul shares.</summary>
internal sealed class MatMulKernel : IOpKernel
{
    public string OpType => "MatMul";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context) => [context.Input(0).matmul(context.Input(1))];
}
