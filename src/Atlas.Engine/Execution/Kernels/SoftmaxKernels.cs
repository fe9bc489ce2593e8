using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Softmax and LogSoftmax. From opset 13 they normalise along one axis (default −1); before opset 13 the input is
/// viewed as 2-D [product of dims before axis, product of the rest] (default axis 1) and normalised per row.
/// </summary>
internal abstract class SoftmaxFamilyKernel(string opType) : IOpKernel
{
    public string OpType { get; } = opType;

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        long rank = x.dim();
        long axis = context.Int("axis", context.Opset >= 13 ? -1 : 1);
        if (axis < -rank || axis >= Math.Max(rank, 1))
            throw new InvalidOperationException($"axis {axis} is outside [{-rank}, {rank - 1}] for a rank-{rank} input");
        if (axis < 0) axis += rank;
        if (context.Opset >= 13) return [Apply(x, axis)];
        var shape = x.shape;
        long outer = shape.Take((int)axis).Aggregate(1L, (a, d) => a * d);
        var rows = x.reshape(outer, -1);
        return [Apply(rows, 1).reshape(shape)];
    }

    protected abstract Tensor Apply(Tensor x, long dim);
}

internal sealed class SoftmaxKernel() : SoftmaxFamilyKernel("Softmax")
{
    protected override Tensor Apply(Tensor x, long dim) => x.softmax(dim);
}

internal sealed class LogSoftmaxKernel() : SoftmaxFamilyKernel("LogSoftmax")
{
    protected override Tensor Apply(Tensor x, long dim) => x.log_softmax(dim);
}
