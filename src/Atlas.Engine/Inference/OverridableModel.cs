using System.Runtime.CompilerServices;
using Atlas.Engine.Onnx;
using Google.Protobuf;
using Onnx;

namespace Atlas.Engine.Inference;

/// <summary>
/// Prepares the model bytes for <see cref="InferenceWeightMode.SharedInitializers"/> sessions so that composed
/// weights given to <c>SessionOptions.AddInitializer</c> really reach the outputs.
/// </summary>
/// <remarks>
/// ONNX Runtime swaps in <c>AddInitializer</c> values only when it creates the session state, after the graph
/// optimisers ran on the original initializers. Constant folding (e.g. <c>Transpose(fc.weight)</c>) and, at the
/// <c>all</c> level, the NCHWc layout rewrite of Conv weights copy the original values into new tensors, so an
/// override of such an initializer was silently lost (the host's tests reproduce this on ONNX Runtime 1.31).
/// Listing the overridden initializers also as graph inputs makes them "overridable initializers", which every
/// optimiser treats as non-constant; their overrides then always apply. Initializers that are not overridden are
/// left as they are and stay fully optimised. The bytes are cached per base model and set of overridden names,
/// since every new composition of the same base model overrides the same initializers.
/// </remarks>
internal sealed class OverridableModel
{
    private readonly ConditionalWeakTable<OnnxModel, Dictionary<string, byte[]>> _cache = new();

    /// <summary>The serialised model with <paramref name="overridden"/> listed as graph inputs (inlined external data).</summary>
    public byte[] GetBytes(OnnxModel model, IEnumerable<string> overridden)
    {
        var names = overridden.Order(StringComparer.Ordinal).ToArray();
        var key = string.Join('\n', names);
        var perModel = _cache.GetOrCreateValue(model);
        lock (perModel)
        {
            if (perModel.TryGetValue(key, out var bytes)) return bytes;
            // One entry per base model: a different set of overridden names replaces the previous one.
            perModel.Clear();
            bytes = Build(model, names);
            perModel[key] = bytes;
            return bytes;
        }
    }

    private static byte[] Build(OnnxModel model, string[] names)
    {
        var proto = model.Proto.Clone(); // initializer payloads are immutable ByteStrings, shared rather than copied
        var inputs = proto.Graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (inputs.Contains(name)) continue;
            var tensor = model.GetInitializerProto(name);
            var shape = new TensorShapeProto();
            foreach (var d in tensor.Dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
            proto.Graph.Input.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = tensor.DataType, Shape = shape } },
            });
        }
        // Overridable initializers need IR version 4 or later.
        if (proto.IrVersion < 4) proto.IrVersion = 4;
        var external = proto.Graph.Initializer.Any(t => t.DataLocation == TensorProto.Types.DataLocation.External);
        return external ? OnnxModel.FromProto(proto, model.Directory).ToBytes() : proto.ToByteArray();
    }
}
