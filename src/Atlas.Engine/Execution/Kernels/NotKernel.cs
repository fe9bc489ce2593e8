using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Not: logical negation of a bool tensor.</summary>
internal sealed class NotKernel : IOpKernel
{
    public string OpType => "Not";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context) => [context.Input(0).logical_not()];
}
