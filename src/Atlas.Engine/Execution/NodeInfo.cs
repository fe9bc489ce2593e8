using System.Globalization;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution;

/// <summary>
/// One ONNX node as the executor sees it: names, op type, the model's opset and its attributes, parsed once from
/// the protobuf into .NET values (ints as <see cref="long"/>, floats as <see cref="float"/>, lists as arrays,
/// tensors as TorchSharp tensors owned by the executor). Kernels read it in <c>Validate</c> and, through
/// <see cref="OpContext"/>, in <c>Run</c>.
/// </summary>
internal sealed class NodeInfo
{
    private readonly Dictionary<string, object> _attributes = new(StringComparer.Ordinal);

    public NodeInfo(NodeProto node, long opset)
    {
        ArgumentNullException.ThrowIfNull(node);
        OpType = node.OpType;
        Domain = node.Domain ?? "";
        Name = string.IsNullOrEmpty(node.Name) ? $"{node.OpType}({string.Join(",", node.Output)})" : node.Name;
        Inputs = [.. node.Input];
        Outputs = [.. node.Output];
        Opset = opset;
        foreach (var attribute in node.Attribute)
            _attributes[attribute.Name] = Parse(attribute);
    }

    /// <summary>The node's name, or a stand-in made of its op type and outputs when the model leaves it empty.</summary>
    public string Name { get; }

    public string OpType { get; }

    /// <summary>Operator domain; "" and "ai.onnx" are the default domain.</summary>
    public string Domain { get; }

    /// <summary>Input value names; an empty string is an omitted optional input.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Output value names; an empty string is an output nobody asked for.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The model's default-domain opset.</summary>
    public long Opset { get; }

    /// <summary>Names of the attributes the node sets.</summary>
    public IEnumerable<string> AttributeNames => _attributes.Keys;

    public bool HasAttribute(string name) => _attributes.ContainsKey(name);

    /// <summary>True when input <paramref name="index"/> exists and is not an omitted optional input.</summary>
    public bool HasInput(int index) => index < Inputs.Count && Inputs[index].Length > 0;

    /// <summary>True when output <paramref name="index"/> exists and someone asked for it.</summary>
    public bool HasOutput(int index) => index < Outputs.Count && Outputs[index].Length > 0;

    public long Int(string name, long defaultValue) => Get(name, defaultValue);

    public long Int(string name) =>
        _attributes.TryGetValue(name, out var v) ? Cast<long>(name, v) : throw Malformed($"the required attribute '{name}' is missing");

    public long[] Ints(string name, long[] defaultValue) => Get(name, defaultValue);

    /// <summary>An ints attribute, or null when the node does not set it.</summary>
    public long[]? IntsOrNull(string name) => _attributes.TryGetValue(name, out var v) ? Cast<long[]>(name, v) : null;

    public float Float(string name, float defaultValue) => Get(name, defaultValue);

    public float[] Floats(string name, float[] defaultValue) => Get(name, defaultValue);

    public string String(string name, string defaultValue) => Get(name, defaultValue);

    public string[] Strings(string name, string[] defaultValue) => Get(name, defaultValue);

    /// <summary>A tensor attribute as TorchSharp tensor (converted once by the executor); throws when absent.</summary>
    public Tensor Tensor(string name) => Get<Tensor>(name, null);

    /// <summary>A tensor attribute already converted by the executor, or null.</summary>
    public Tensor? TryGetTensor(string name) => _attributes.TryGetValue(name, out var v) ? v as Tensor : null;

    /// <summary>The raw protobuf of a tensor attribute, for conversion by the executor.</summary>
    internal IEnumerable<(string Name, TensorProto Value)> TensorProtoAttributes =>
        _attributes.Where(a => a.Value is TensorProto).Select(a => (a.Key, (TensorProto)a.Value)).ToArray();

    /// <summary>Replaces a tensor attribute's protobuf by its converted tensor (done once at construction).</summary>
    internal void SetConvertedTensor(string name, Tensor value) => _attributes[name] = value;

    /// <summary>Tensors this node owns (converted tensor attributes), disposed with the executor.</summary>
    internal IEnumerable<Tensor> OwnedTensors => _attributes.Values.OfType<Tensor>();

    /// <summary>
    /// The exception a kernel throws from <c>Validate</c> for something it does not implement; the message names
    /// this node, its op type and opset, the detail and every supported op type.
    /// </summary>
    public UnsupportedOperatorException Unsupported(string detail) =>
        new(OpType, Name, Opset, detail, KernelRegistry.SupportedOpTypes);

    /// <summary>Throws <see cref="Unsupported"/> unless the attribute is absent or has its only supported value.</summary>
    public void RequireIntAttribute(string name, long supported)
    {
        if (HasAttribute(name) && Int(name) != supported)
            throw Unsupported($"attribute '{name}'={Int(name)} (only {supported} is implemented)");
    }

    /// <summary>A failure caused by a malformed node (a missing required attribute or input), naming the node.</summary>
    public GraphExecutionException Malformed(string detail) =>
        new($"Node '{Name}' ({OpType}, opset {Opset}) is malformed: {detail}.") { NodeName = Name, OpType = OpType };

    private T Get<T>(string name, T? defaultValue)
    {
        if (_attributes.TryGetValue(name, out var value)) return Cast<T>(name, value);
        if (defaultValue is null) throw Malformed($"the required attribute '{name}' is missing");
        return defaultValue;
    }

    private T Cast<T>(string name, object value) => value is T typed ? typed
        : throw Malformed($"attribute '{name}' is a {Describe(value)}, but a {typeof(T).Name} was expected");

    private static string Describe(object value) => value switch
    {
        TensorProto => "tensor",
        _ => value.GetType().Name,
    };

    private static object Parse(AttributeProto a) => a.Type switch
    {
        AttributeProto.Types.AttributeType.Int => a.I,
        AttributeProto.Types.AttributeType.Float => a.F,
        AttributeProto.Types.AttributeType.String => a.S.ToStringUtf8(),
        AttributeProto.Types.AttributeType.Ints => a.Ints.ToArray(),
        AttributeProto.Types.AttributeType.Floats => a.Floats.ToArray(),
        AttributeProto.Types.AttributeType.Strings => a.Strings.Select(s => s.ToStringUtf8()).ToArray(),
        AttributeProto.Types.AttributeType.Tensor => a.T,
        _ => string.Format(CultureInfo.InvariantCulture, "<unsupported attribute type {0}>", a.Type),
    };
}
