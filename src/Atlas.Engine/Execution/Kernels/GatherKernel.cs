using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Gather: picks entries of <c>data</c> along <c>axis</c> by int64 indices of any shape (negative ones count from
/// the end). The output shape is data[:axis] + indices + data[axis+1:], so a scalar index drops the axis, as the
/// <c>x[:, 0]</c> and Shape→Gather patterns of exports need.
/// </summary>
internal sealed class GatherKernel : IOpKernel
{
    public string OpType => "Gather";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var data = context.Input(0);
        var indices = context.Input(1);
        int axis = ShapeValues.Axis(context.Node, context.Int("axis", 0), data.shape.Length);
        long dim = data.shape[axis];
        var index = indices.to(ScalarType.Int64);
        index = torch.where(index < 0, index + dim, index);
        var picked = data.index_select(axis, index.reshape(-1));
        long[] shape = [.. data.shape[..axis], .. indices.shape, .. data.shape[(axis + 1)..]];
        return [picked.reshape(shape)];
    }
}
