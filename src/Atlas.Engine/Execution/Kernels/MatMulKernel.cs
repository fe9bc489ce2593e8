using System.Globalization;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>MatMul: numpy matmul semantics (batched, broadcasting, 1-D promotion), which torch.matmul shares.</summary>
/// <remarks>
/// Shapes are checked here first: TorchSharp 0.107's native matmul does not catch libtorch errors, so a mismatch
/// there would abort the process instead of raising an exception.
/// </remarks>
internal sealed class MatMulKernel : IOpKernel
{
    public string OpType => "MatMul";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        CheckShapes(a.shape, b.shape);
        return [a.matmul(b)];
    }

    /// <summary>Throws unless numpy matmul accepts the two shapes.</summary>
    internal static void CheckShapes(long[] a, long[] b)
    {
        if (a.Length == 0 || b.Length == 0) throw Mismatch(a, b, "scalars cannot be multiplied as matrices");
        long inner = a[^1];
        long other = b.Length == 1 ? b[0] : b[^2];
        if (inner != other) throw Mismatch(a, b, $"the inner dimensions differ ({inner} vs {other})");
        var batchA = a.Length > 2 ? a[..^2] : [];
        var batchB = b.Length > 2 ? b[..^2] : [];
        for (int i = 1; i <= Math.Min(batchA.Length, batchB.Length); i++)
        {
            long x = batchA[^i], y = batchB[^i];
            if (x != y && x != 1 && y != 1) throw Mismatch(a, b, $"batch dimensions {x} and {y} do not broadcast");
        }
    }

    private static InvalidOperationException Mismatch(long[] a, long[] b, string why) =>
        new(string.Create(CultureInfo.InvariantCulture, $"cannot multiply [{string.Join(",", a)}] by [{string.Join(",", b)}]: {why}"));
}
