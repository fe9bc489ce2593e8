using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Atlas.Engine.Onnx;
using Google.Protobuf;
using Onnx;

namespace Atlas.Engine.Inference;

/// <summary>
/// Serialises a base model with composed weights written into its initializers (and any other external data
/// inlined), for sessions in <see cref="InferenceWeightMode.Baked"/> mode and for base models served unchanged.
/// </summary>
internal sealed class BakedModel
{
    private readonly ConditionalWeakTable<OnnxModel, byte[]> _unchanged = new();

    /// <summary>The model's bytes with <paramref name="overrides"/> (validated) replacing their initializers.</summary>
    public byte[] GetBytes(OnnxModel model, IReadOnlyDictionary<string, float[]> overrides)
    {
        // The base model alone is serialised once; every composition differs, so those are not cached.
        if (overrides.Count == 0) return _unchanged.GetValue(model, m => Build(m, overrides));
        return Build(model, overrides);
    }

    /// <summary>An f32 initializer's new values with one copy (ReplaceFloats makes two; this is 40 MB per 10M parameters).</summary>
    private static void ReplaceFloat32(TensorProto tensor, float[] values)
    {
        var raw = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        tensor.FloatData.Clear();
        tensor.ExternalData.Clear();
        tensor.DataLocation = TensorProto.Types.DataLocation.Default;
        tensor.RawData = UnsafeByteOperations.UnsafeWrap(raw); // raw is private to this tensor and never modified
    }

    private static byte[] Build(OnnxModel model, IReadOnlyDictionary<string, float[]> overrides)
    {
        var proto = model.Proto.Clone(); // initializer payloads are immutable ByteStrings, shared rather than copied
        foreach (var tensor in proto.Graph.Initializer)
        {
            if (overrides.TryGetValue(tensor.Name, out var values))
            {
                if (tensor.DataType == (int)OnnxElementType.Float) ReplaceFloat32(tensor, values);
                else OnnxTensorCodec.ReplaceFloats(tensor, values); // converts to the initializer's own type
            }
            else if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            {
                var raw = OnnxTensorCodec.ReadRawBytes(model.GetInitializerProto(tensor.Name), model.Directory);
                tensor.ExternalData.Clear();
                tensor.DataLocation = TensorProto.Types.DataLocation.Default;
                tensor.RawData = ByteString.CopyFrom(raw);
            }
        }
        return proto.ToByteArray();
    }
}
