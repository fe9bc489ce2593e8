using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>LeakyRelu: x for x ≥ 0, alpha·x otherwise (alpha defaults to 0.01).</summary>
internal sealed class LeakyReluKernel : IOpKernel
{
    public string OpType => "LeakyRelu";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["alpha"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context) => [nn.functional.leaky_relu(context.Input(0), context.Float("alpha", 0.01f))];
}

/// <summary>HardSigmoid: max(0, min(1, alpha·x + beta)) with ONNX's defaults alpha = 0.2, beta = 0.5.</summary>
internal sealed class HardSigmoidKernel : IOpKernel
{
    public string OpType => "HardSigmoid";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["alpha", "beta"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        return [x.mul(context.Float("alpha", 0.2f)).add(context.Float("beta", 0.5f)).clamp(0, 1)];
    }
}

/// <summary>Gelu (opset 20): exact (erf) or, with approximate="tanh", the tanh approximation.</summary>
internal sealed class GeluKernel : IOpKernel
{
    public string OpType => "Gelu";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["approximate"];

    public void Validate(NodeInfo node)
    {
        var mode = node.String("approximate", "none");
        if (mode is not ("none" or "tanh")) throw node.Unsupported($"attribute 'approximate'='{mode}' (implemented: none, tanh)");
    }

    public Tensor[] Run(OpContext context)
    {
        var mode = context.String("approximate", "none") == "tanh" ? TorchSharp.Modules.GELU.Approximate.tanh : TorchSharp.Modules.GELU.Approximate.none;
        return [context.Input(0).gelu(mode)];
    }
}

/// <summary>
/// Clip: bounds come from the optional inputs min and max (opset ≥ 11) or from the min/max attributes (older
/// opsets); a missing bound does not clip. If min &gt; max every element becomes max, as in ONNX.
/// </summary>
internal sealed class ClipKernel : IOpKernel
{
    public string OpType => "Clip";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["min", "max"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset >= 11 && (node.HasAttribute("min") || node.HasAttribute("max")))
            throw node.Malformed("from opset 11 Clip takes min and max as inputs, not attributes");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        if (context.Opset < 11)
        {
            return [x.clamp(context.Node.HasAttribute("min") ? context.Float("min", 0) : null,
                context.Node.HasAttribute("max") ? context.Float("max", 0) : null)];
        }
        var min = context.OptionalInput(1);
        var max = context.OptionalInput(2);
        if (min is null && max is null) return [x];
        return [x.clamp(min, max)];
    }
}
