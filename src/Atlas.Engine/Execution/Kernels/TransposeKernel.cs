using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Transpose: permutes dimensions by <c>perm</c>; without it, reverses them.</summary>
internal sealed class TransposeKernel : IOpKernel
{
    public string OpType => "Transpose";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["perm"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        int rank = x.shape.Length;
        var perm = context.Node.IntsOrNull("perm") ?? [.. Enumerable.Range(0, rank).Select(d => (long)(rank - 1 - d))];
        if (perm.Length != rank || !perm.Order().SequenceEqual(Enumerable.Range(0, rank).Select(d => (long)d)))
            throw context.Node.Malformed($"perm [{string.Join(",", perm)}] is not a permutation of the {rank} dimensions of {ShapeValues.Text(x.shape)}");
        return [x.permute(perm)];
    }
}
