using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Where: picks X where the condition holds and Y elsewhere, with numpy broadcasting of all three.</summary>
internal sealed class WhereKernel : IOpKernel
{
    public string OpType => "Where";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var condition = context.Input(0);
        if (condition.dtype != ScalarType.Bool) condition = condition.to(ScalarType.Bool);
        return [torch.where(condition, context.Input(1), context.Input(2))];
    }
}
