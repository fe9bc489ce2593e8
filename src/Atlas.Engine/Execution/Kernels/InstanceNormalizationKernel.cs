using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>InstanceNormalization: per sample and channel over the spatial axes, then scale[C] and B[C].</summary>
internal sealed class InstanceNormalizationKernel : IOpKernel
{
    public string OpType => "InstanceNormalization";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["epsilon"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var scale = context.Input(1);
        var bias = context.Input(2);
        if (x.dim() < 3) throw new InvalidOperationException($"InstanceNormalization needs an [N,C,...] input with a spatial axis, got rank {x.dim()}");
        if (scale.shape.Length != 1 || scale.shape[0] != x.shape[1] || bias.shape.Length != 1 || bias.shape[0] != x.shape[1])
            throw new InvalidOperationException($"scale [{string.Join(",", scale.shape)}] and B [{string.Join(",", bias.shape)}] must both be [{x.shape[1]}]");
        return [nn.functional.instance_norm(x, null, null, scale, bias, true, 0.1, context.Float("epsilon", 1e-5f))];
    }
}
