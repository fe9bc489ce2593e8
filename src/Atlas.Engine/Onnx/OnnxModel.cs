using Google.Protobuf;
using Onnx;

namespace Atlas.Engine.Onnx;

/// <summary>
/// An ONNX model loaded into memory: its graph, initializers, inputs, outputs and metadata, with initializers
/// stored inline or as external data. The model can be written back with some initializers replaced.
/// </summary>
/// <remarks>
/// Initializers are indexed by name; Atlas never pairs tensors by position. A model that lists an initializer
/// also as a graph input (older exporters do) treats it as an initializer, as ONNX Runtime does.
/// </remarks>
public sealed class OnnxModel
{
    private readonly Dictionary<string, TensorProto> _initializers;

    private OnnxModel(ModelProto proto, string? directory, string? path)
    {
        Proto = proto;
        Directory = directory;
        FilePath = path;
        if (proto.Graph is null)
            throw new OnnxFormatException($"ONNX model '{path ?? "(in memory)"}' has no graph.");
        _initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var initializer in proto.Graph.Initializer)
        {
            if (!_initializers.TryAdd(initializer.Name, initializer))
                throw new OnnxFormatException($"ONNX model '{path ?? "(in memory)"}' has two initializers named '{initializer.Name}'.");
        }
        var initializerNames = _initializers.Keys.ToHashSet(StringComparer.Ordinal);
        Inputs = proto.Graph.Input.Where(i => !initializerNames.Contains(i.Name)).Select(ToInfo).ToArray();
        Outputs = proto.Graph.Output.Select(ToInfo).ToArray();
        Initializers = proto.Graph.Initializer.Select(ToInfo).ToArray();
    }

    /// <summary>The underlying protobuf message. Mutating it bypasses this class's indexes.</summary>
    public ModelProto Proto { get; }

    /// <summary>The folder external data is resolved against; null for a model built in memory.</summary>
    public string? Directory { get; }

    /// <summary>The file the model was loaded from, if any.</summary>
    public string? FilePath { get; }

    /// <summary>Graph inputs that are not initializers (what a caller feeds).</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>Graph outputs.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>Every initializer, in file order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Initializers { get; }

    /// <summary>The default-domain opset version the model imports (0 if none is declared).</summary>
    public long Opset => Proto.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx")
        .Select(o => o.Version).DefaultIfEmpty(0).Max();

    /// <summary>The model's metadata properties (<c>metadata_props</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata =>
        Proto.MetadataProps.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    /// <summary>Loads a model file. External data is resolved relative to the file's folder.</summary>
    public static OnnxModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new OnnxFormatException($"ONNX model file '{path}' does not exist.");
        ModelProto proto;
        try
        {
            using var stream = File.OpenRead(path);
            proto = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException($"'{path}' is not a valid ONNX model: {e.Message}", e);
        }
        return new OnnxModel(proto, Path.GetDirectoryName(Path.GetFullPath(path)), path);
    }

    /// <summary>Parses a model from bytes (no external data allowed).</summary>
    public static OnnxModel FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return new OnnxModel(ModelProto.Parser.ParseFrom(bytes), null, null);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException($"The bytes are not a valid ONNX model: {e.Message}", e);
        }
    }

    /// <summary>Wraps a protobuf message built in memory.</summary>
    public static OnnxModel FromProto(ModelProto proto, string? directory = null) => new(proto, directory, null);

    /// <summary>True when the model has an initializer of that name.</summary>
    public bool HasInitializer(string name) => _initializers.ContainsKey(name);

    /// <summary>The raw initializer proto; throws naming the initializer when absent.</summary>
    public TensorProto GetInitializerProto(string name) =>
        _initializers.TryGetValue(name, out var t) ? t
            : throw new OnnxFormatException($"The model '{FilePath ?? "(in memory)"}' has no initializer named '{name}'.");

    /// <summary>Shape and type of one initializer.</summary>
    public OnnxTensorInfo GetInitializerInfo(string name) => ToInfo(GetInitializerProto(name));

    /// <summary>A floating-point initializer's values as f32 (converted from f16/bf16/f64 where stored so).</summary>
    public float[] ReadFloatInitializer(string name) => OnnxTensorCodec.ReadFloats(GetInitializerProto(name), Directory);

    /// <summary>An integer initializer's values as int64.</summary>
    public long[] ReadInt64Initializer(string name) => OnnxTensorCodec.ReadInt64s(GetInitializerProto(name), Directory);

    /// <summary>
    /// Writes the model to <paramref name="path"/> with the given floating-point initializers replaced (each keeps
    /// its element type and shape; values are given as f32). Everything else is written as loaded. External data is
    /// inlined, so the written file stands alone. The write is atomic: a temporary file is renamed into place.
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, float[]>? replacements = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var copy = Proto.Clone();
        foreach (var tensor in copy.Graph.Initializer)
        {
            if (replacements is not null && replacements.TryGetValue(tensor.Name, out var values))
            {
                OnnxTensorCodec.ReplaceFloats(tensor, values);
            }
            else if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            {
                var raw = OnnxTensorCodec.ReadRawBytes(tensor, Directory);
                tensor.ExternalData.Clear();
                tensor.DataLocation = TensorProto.Types.DataLocation.Default;
                tensor.RawData = ByteString.CopyFrom(raw);
            }
        }
        if (replacements is not null)
        {
            var unknown = replacements.Keys.Where(k => !_initializers.ContainsKey(k)).ToArray();
            if (unknown.Length > 0)
                throw new OnnxFormatException($"Cannot replace initializers that the model lacks: {string.Join(", ", unknown)}.");
        }
        var full = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = File.Create(temporary))
            {
                copy.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Serialises the model (with initializers replaced, as <see cref="Save"/>) to bytes.</summary>
    public byte[] ToBytes(IReadOnlyDictionary<string, float[]>? replacements = null)
    {
        var temporary = Path.Combine(Path.GetTempPath(), "atlas-" + Guid.NewGuid().ToString("N") + ".onnx");
        try
        {
            Save(temporary, replacements);
            return File.ReadAllBytes(temporary);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static OnnxTensorInfo ToInfo(TensorProto tensor) =>
        new(tensor.Name, (OnnxElementType)tensor.DataType, [.. tensor.Dims], new string?[tensor.Dims.Count]);

    private static OnnxTensorInfo ToInfo(ValueInfoProto value)
    {
        var tensorType = value.Type?.TensorType;
        if (tensorType is null)
            return new OnnxTensorInfo(value.Name, OnnxElementType.Undefined, [], []);
        var dims = tensorType.Shape?.Dim ?? [];
        var shape = dims.Select(d => d.HasDimValue ? d.DimValue : -1L).ToArray();
        var symbols = dims.Select(d => d.HasDimParam ? d.DimParam : null).ToArray();
        return new OnnxTensorInfo(value.Name, (OnnxElementType)tensorType.ElemType, shape, symbols);
    }
}
