using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// BatchNormalization in inference form: Y = (X − mean) · scale / √(var + ε) + B per channel (axis 1), using the
/// stored statistics in every mode, differentiable in X and all four parameters. training_mode=1 and the
/// training-only outputs are rejected before running.
/// </summary>
internal sealed class BatchNormalizationKernel : IOpKernel
{
    public string OpType => "BatchNormalization";

    // momentum only affects the running-statistics update of training mode, which is not implemented.
    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["epsilon", "momentum", "training_mode"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 9) throw node.Unsupported("opsets before 9 (the 'spatial' and 'is_test' forms)");
        node.RequireIntAttribute("training_mode", 0);
        if (Enumerable.Range(1, 4).Any(node.HasOutput))
            throw node.Unsupported("the training outputs (running_mean, running_var, saved statistics) are not implemented");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var scale = context.Input(1);
        var bias = context.Input(2);
        var mean = context.Input(3);
        var variance = context.Input(4);
        if (x.dim() < 2) throw new InvalidOperationException($"BatchNormalization needs an [N,C,...] input, got rank {x.dim()}");
        long channels = x.shape[1];
        foreach (var (name, t) in new[] { ("scale", scale), ("B", bias), ("input_mean", mean), ("input_var", variance) })
        {
            if (t.shape.Length != 1 || t.shape[0] != channels)
                throw new InvalidOperationException($"{name} has shape [{string.Join(",", t.shape)}], expected [{channels}]");
        }
        long[] shape = [channels, .. Enumerable.Repeat(1L, (int)x.dim() - 2)];
        var factor = scale * (variance + context.Float("epsilon", 1e-5f)).rsqrt();
        var shift = bias - (mean * factor);
        return [(x * factor.reshape(shape)) + shift.reshape(shape)];
    }
}
