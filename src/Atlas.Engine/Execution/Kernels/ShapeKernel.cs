using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Shape: the input's dimensions as a 1-D int64 tensor, optionally the slice [start, end) (opset 15; negative
/// values count from the end and both are clamped to [0, rank]).
/// </summary>
internal sealed class ShapeKernel : IOpKernel
{
    public string OpType => "Shape";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["start", "end"];

    public void Validate(NodeInfo node)
    {
        if (node.Opset < 15 && (node.HasAttribute("start") || node.HasAttribute("end")))
            throw node.Malformed("attributes 'start' and 'end' exist from opset 15");
    }

    public Tensor[] Run(OpContext context)
    {
        var shape = context.Input(0).shape;
        long rank = shape.Length;
        long start = Clamp(context.Int("start", 0), rank);
        long end = Clamp(context.Int("end", rank), rank);
        long[] values = end > start ? shape[(int)start..(int)end] : [];
        return [ShapeValues.FromLongs(values, context.Device)];
    }

    private static long Clamp(long value, long rank) => Math.Clamp(value < 0 ? value + rank : value, 0, rank);
}
