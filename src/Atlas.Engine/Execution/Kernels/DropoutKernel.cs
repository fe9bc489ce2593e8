using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Dropout. It is an identity (and its optional mask all true) unless the graph runs in training mode — the
/// executor's training flag, or a true training_mode input — AND <see cref="GraphExecutorOptions.DropoutSeed"/> is
/// set; then elements are zeroed with probability ratio (input 1 from opset 12, attribute before; default 0.5) from
/// the executor's seeded generator and the rest scaled by 1/(1 − ratio). The node's own 'seed' attribute is
/// accepted but the executor's generator is used instead, so runs are reproducible from one setting.
/// </summary>
internal sealed class DropoutKernel : IOpKernel
{
    public string OpType => "Dropout";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["ratio", "seed"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 7) throw node.Unsupported("opsets before 7 (the 'is_test' form)");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        bool training = context.Training || (context.OptionalInput(2) is { } mode && mode.item<bool>());
        double ratio = context.Opset >= 12
            ? context.OptionalInput(1) is { } r ? r.to(ScalarType.Float64).item<double>() : 0.5
            : context.Float("ratio", 0.5f);
        var generator = context.Environment.DropoutGenerator;
        if (!training || generator is null || ratio <= 0)
            return context.Node.HasOutput(1) ? [x, ones(x.shape, ScalarType.Bool, x.device)] : [x];
        if (ratio >= 1) throw new InvalidOperationException($"dropout ratio {ratio} must be below 1");
        var keep = rand(x.shape, ScalarType.Float32, x.device, generator: generator).ge(ratio);
        return [x * keep.to(x.dtype) / (1 - ratio), keep];
    }
}
