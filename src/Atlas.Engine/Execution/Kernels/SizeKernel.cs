using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Size: the input's element count as an int64 scalar.</summary>
internal sealed class SizeKernel : IOpKernel
{
    public string OpType => "Size";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context) =>
        [torch.tensor(context.Input(0).numel(), ScalarType.Int64, context.Device)];
}
