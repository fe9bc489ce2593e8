using Atlas.Engine.Onnx;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution;

/// <summary>
/// Turns ONNX tensor protos (initializers, tensor attributes) into TorchSharp tensors: floating point to the
/// executor's float type, integers to int64, booleans to bool, on the executor's device. The tensors are detached
/// from any dispose scope, because the executor owns them for its lifetime.
/// </summary>
internal static class TensorProtoConverter
{
    public static Tensor ToTensor(TensorProto proto, string? modelDirectory, ExecutionEnvironment environment)
    {
        var type = (OnnxElementType)proto.DataType;
        long[] dims = [.. proto.Dims];
        Tensor result;
        switch (type)
        {
            case OnnxElementType.Float or OnnxElementType.Double or OnnxElementType.Float16 or OnnxElementType.BFloat16:
                {
                    using var f32 = torch.tensor(OnnxTensorCodec.ReadFloats(proto, modelDirectory), dims);
                    result = f32.to(environment.FloatType, environment.Device);
                    break;
                }
            case OnnxElementType.Bool:
                {
                    using var i64 = torch.tensor(OnnxTensorCodec.ReadInt64s(proto, modelDirectory), dims);
                    result = i64.to(ScalarType.Bool, environment.Device);
                    break;
                }
            case OnnxElementType.Int64 or OnnxElementType.Int32 or OnnxElementType.Int16 or OnnxElementType.Int8
                or OnnxElementType.UInt32 or OnnxElementType.UInt16 or OnnxElementType.UInt8 or OnnxElementType.UInt64:
                {
                    using var i64 = torch.tensor(OnnxTensorCodec.ReadInt64s(proto, modelDirectory), dims);
                    result = i64.to(environment.Device);
                    break;
                }
            default:
                throw new GraphExecutionException($"Tensor '{proto.Name}' has element type {type}, which the executor does not support.");
        }
        return result.DetachFromDisposeScope();
    }
}
