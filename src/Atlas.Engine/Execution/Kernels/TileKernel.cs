using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Tile: repeats the input <c>repeats[d]</c> times along each dimension d (one repeat per dimension).</summary>
internal sealed class TileKernel : IOpKernel
{
    public string OpType => "Tile";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var repeats = ShapeValues.ToLongs(context.Input(1));
        if (repeats.Length != x.shape.Length || repeats.Any(r => r < 0))
            throw context.Node.Malformed($"repeats [{string.Join(",", repeats)}] must be one non-negative count per dimension of {ShapeValues.Text(x.shape)}");
        return [x.repeat(repeats)];
    }
}
