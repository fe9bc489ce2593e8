using Atlas.Engine.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Cast to the ONNX element type in <c>to</c>. FLOAT and DOUBLE become the executor's float type (so a Float64 gradient
/// check stays in double), FLOAT16 and BFLOAT16 round through that type and come back as the float type, integer types
/// keep their width (int64 shape arithmetic stays int64), and float → integer truncates toward zero as ONNX does.
/// Unsigned types wider than 8 bits, strings and 8-bit floats are not implemented.
/// </summary>
internal sealed class CastKernel : IOpKernel
{
    public string OpType => "Cast";

    public IReadOnlyCollection<string> SupportedAttributes { get; } = ["to", "saturate"];

    public void Validate(NodeInfo node)
    {
        var to = (OnnxElementType)node.Int("to");
        if (Target(to, ScalarType.Float32) is null)
            throw node.Unsupported($"attribute 'to'={to} ({(int)to}); implemented: Float, Double, Float16, BFloat16, Int64, Int32, Int16, Int8, UInt8, Bool");
    }

    public Tensor[] Run(OpContext context)
    {
        var x = context.Input(0);
        var floatType = context.Environment.FloatType;
        var to = (OnnxElementType)context.Node.Int("to");
        var target = Target(to, floatType)!.Value;
        if (to is OnnxElementType.Float16 or OnnxElementType.BFloat16)
            return [x.to(target).to(floatType)];
        return [x.dtype == target ? x : x.to(target)];
    }

    private static ScalarType? Target(OnnxElementType to, ScalarType floatType) => to switch
    {
        OnnxElementType.Float or OnnxElementType.Double => floatType,
        OnnxElementType.Float16 => ScalarType.Float16,
        OnnxElementType.BFloat16 => ScalarType.BFloat16,
        OnnxElementType.Int64 => ScalarType.Int64,
        OnnxElementType.Int32 => ScalarType.Int32,
        OnnxElementType.Int16 => ScalarType.Int16,
        OnnxElementType.Int8 => ScalarType.Int8,
        OnnxElementType.UInt8 => ScalarType.Byte,
        OnnxElementType.Bool => ScalarType.Bool,
        _ => null,
    };
}
