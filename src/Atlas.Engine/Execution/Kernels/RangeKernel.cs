using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Range: start, start + delta, … while short of limit; max(ceil((limit − start) / delta), 0) elements of the
/// inputs' type (int64 stays int64).
/// </summary>
internal sealed class RangeKernel : IOpKernel
{
    public string OpType => "Range";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context)
    {
        var start = context.Input(0);
        var limit = context.Input(1);
        var delta = context.Input(2);
        if (is_floating_point(start))
        {
            double s = start.to(ScalarType.Float64).item<double>();
            double l = limit.to(ScalarType.Float64).item<double>();
            double d = delta.to(ScalarType.Float64).item<double>();
            if (d == 0) throw context.Node.Malformed("delta is 0");
            long n = Math.Max((long)Math.Ceiling((l - s) / d), 0);
            return [torch.arange(n, start.dtype, context.Device).mul(d).add(s)];
        }
        long si = start.to(ScalarType.Int64).item<long>(), li = limit.to(ScalarType.Int64).item<long>(), di = delta.to(ScalarType.Int64).item<long>();
        if (di == 0) throw context.Node.Malformed("delta is 0");
        long span = li - si;
        long count = Math.Max(span / di + (span % di != 0 && (span > 0) == (di > 0) ? 1 : 0), 0);
        return [torch.arange(count, ScalarType.Int64, context.Device).mul(di).add(si).to(start.dtype)];
    }
}
