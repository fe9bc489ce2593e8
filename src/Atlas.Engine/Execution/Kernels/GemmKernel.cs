using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Gemm: Y = alpha·A'·B' + beta·C, with A' and B' optionally transposed and C broadcast to [M,N].</summary>
internal sealed class GemmKernel : IOpKernel
{
    public string OpType => "Gemm";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["alpha", "beta", "transA", "transB"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 7) throw node.Unsupported("opsets before 7 (legacy 'broadcast' attribute)");
    }

    public Tensor[] Run(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        var c = context.OptionalInput(2);
        if (context.Int("transA", 0) != 0) a = a.t();
        if (context.Int("transB", 0) != 0) b = b.t();
        if (a.dim() != 2 || b.dim() != 2)
            throw new InvalidOperationException($"Gemm needs 2-D A and B, got ranks {a.dim()} and {b.dim()}");
        MatMulKernel.CheckShapes(a.shape, b.shape);
        float alpha = context.Float("alpha", 1f);
        float beta = context.Float("beta", 1f);
        if (c is null || beta == 0)
            return [alpha == 1 ? a.mm(b) : a.mm(b).mul(alpha)];
        return [c.addmm(a, b, beta: beta, alpha: alpha)];
    }
}
