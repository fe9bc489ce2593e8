using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>GlobalAveragePool: the mean over every spatial axis of an [N,C,…] input, kept as size-1 axes.</summary>
internal sealed class GlobalAveragePoolKernel : IOpKernel
{
    public string OpType => "GlobalAveragePool";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        if (x.dim() < 3) throw new InvalidOperationException($"GlobalAveragePool needs an [N,C,...] input with a spatial axis, got rank {x.dim()}");
        long[] axes = [.. Enumerable.Range(2, (int)x.dim() - 2).Select(i => (long)i)];
        return [x.mean(axes, keepdim: true)];
    }
}
