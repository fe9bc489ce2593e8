using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Fusion;

/// <summary>
/// Runs an exported GroupNorm chain (see <see cref="GroupNormFusion"/>) as one <c>group_norm</c> call, which does the
/// normalisation and the per-channel affine in one pass forward and backward. Inputs: x, weight, bias (the tensors
/// the chain unsqueezed). When the run-time shapes do not fit group_norm (rank, channel count, groups) it computes the
/// chain's own formula instead, so the result always equals the unfused graph.
/// </summary>
/// <remarks>Not discovered by <see cref="KernelRegistry"/> (it has no parameterless constructor): it implements no ONNX op.</remarks>
internal sealed class FusedGroupNormKernel(long groups, float epsilon, long[] affineAxes) : IOpKernel
{
    public const string FusedOpType = "Atlas.FusedGroupNorm";

    public string OpType => FusedOpType;

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var weight = context.Input(1);
        var bias = context.Input(2);
        long channels = x.dim() >= 2 ? x.shape[1] : -1;
        bool fits = x.dim() == affineAxes.Length + 2 && channels % groups == 0
            && weight.shape.SequenceEqual([channels]) && bias.shape.SequenceEqual([channels])
            && affineAxes.Select((a, i) => a == i + 1).All(ok => ok);
        if (fits) return [nn.functional.group_norm(x, groups, weight, bias, epsilon)];

        var grouped = x.reshape(x.shape[0], groups, -1);
        var normalized = nn.functional.instance_norm(grouped, eps: epsilon).reshape(x.shape);
        return [(normalized * Unsqueeze(weight)) + Unsqueeze(bias)];
    }

    private Tensor Unsqueeze(Tensor t)
    {
        foreach (var axis in affineAxes.Order()) t = t.unsqueeze(axis);
        return t;
    }
}
