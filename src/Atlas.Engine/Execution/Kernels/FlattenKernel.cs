using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Flatten: reshapes to 2-D [product of dims before axis, product of the rest]; axis may be negative.</summary>
internal sealed class FlattenKernel : IOpKernel
{
    public string OpType => "Flatten";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis"];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var shape = x.shape;
        long axis = context.Int("axis", 1);
        if (axis < 0) axis += shape.Length;
        if (axis < 0 || axis > shape.Length)
            throw context.Node.Malformed($"axis {context.Int("axis", 1)} is outside [-{shape.Length}, {shape.Length}] for a rank-{shape.Length} input");
        long outer = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        long inner = 1;
        for (long d = axis; d < shape.Length; d++) inner *= shape[d];
        return [x.reshape(outer, inner)];
    }
}
