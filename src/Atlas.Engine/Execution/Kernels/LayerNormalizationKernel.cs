using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// LayerNormalization (opset 17): normalises over the axes from <c>axis</c> (default −1) to the last, then scales and
/// shifts by the (broadcastable) Scale and optional B. The optional Mean and InvStdDev outputs are computed when
/// asked for. Only stash_type 1 (statistics in the compute type) is implemented.
/// </summary>
internal sealed class LayerNormalizationKernel : IOpKernel
{
    public string OpType => "LayerNormalization";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis", "epsilon", "stash_type"];

    public void Validate(NodeInfo node) => node.RequireIntAttribute("stash_type", 1);

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var scale = context.Input(1);
        var bias = context.OptionalInput(2);
        long rank = x.dim();
        long axis = context.Int("axis", -1);
        if (axis < -rank || axis >= rank) throw new InvalidOperationException($"axis {axis} is outside [{-rank}, {rank - 1}] for a rank-{rank} input");
        if (axis < 0) axis += rank;
        double epsilon = context.Float("epsilon", 1e-5f);
        long[] normalized = x.shape[(int)axis..];
        var node = context.Node;
        if (!node.HasOutput(1) && !node.HasOutput(2))
        {
            bool fused = scale.shape.SequenceEqual(normalized) && (bias is null || bias.shape.SequenceEqual(normalized));
            if (fused) return [nn.functional.layer_norm(x, normalized, scale, bias, epsilon)];
            var y = nn.functional.layer_norm(x, normalized, null, null, epsilon) * scale;
            return [bias is null ? y : y + bias];
        }
        long[] axes = [.. Enumerable.Range((int)axis, (int)(rank - axis)).Select(i => (long)i)];
        var mean = x.mean(axes, keepdim: true);
        var centered = x - mean;
        var invStd = (centered * centered).mean(axes, keepdim: true).add(epsilon).rsqrt();
        var output = centered * invStd * scale;
        return [bias is null ? output : output + bias, mean, invStd];
    }
}
