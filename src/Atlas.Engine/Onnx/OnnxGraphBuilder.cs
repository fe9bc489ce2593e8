using Onnx;

namespace Atlas.Engine.Onnx;

/// <summary>
/// Low-level construction of ONNX graphs in C#: inputs, initializers, nodes and outputs. Tests, benchmarks and
/// the sample zoo build models with it (higher-level network builders sit on top of it).
/// </summary>
/// <example>
/// <code>
/// var b = new OnnxGraphBuilder("tiny", opset: 17);
/// var x = b.AddInput("x", OnnxElementType.Float, "batch", 4);
/// var w = b.AddInitializer("fc.weight", weights, 3, 4);
/// var y = b.AddNode("Gemm", [x, w], [OnnxAttributes.Int("transB", 1)]);
/// b.AddOutput(y, OnnxElementType.Float, "batch", 3);
/// OnnxModel model = b.Build();
/// </code>
/// </example>
public sealed class OnnxGraphBuilder
{
    private readonly ModelProto _model;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <param name="graphName">Graph name written into the model.</param>
    /// <param name="opset">Default-domain opset version (13–21 are what Atlas supports).</param>
    public OnnxGraphBuilder(string graphName, long opset = 17)
    {
        _model = new ModelProto
        {
            IrVersion = opset >= 21 ? 10 : 8,
            ProducerName = "atlas",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = new GraphProto { Name = graphName },
        };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    /// <summary>
    /// Adds a graph input. Each dimension is a <see cref="long"/>/<see cref="int"/> (fixed) or a
    /// <see cref="string"/> (symbolic, e.g. "batch").
    /// </summary>
    public string AddInput(string name, OnnxElementType type, params object[] dims)
    {
        Claim(name);
        _model.Graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares a graph output (an existing value name).</summary>
    public string AddOutput(string name, OnnxElementType type, params object[] dims)
    {
        _model.Graph.Output.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>
    /// Declares a graph output whose shape is left to shape inference (no shape in its value info), for outputs
    /// whose shape is tedious to state, such as a single op's result in a test.
    /// </summary>
    public string AddOutputWithoutShape(string name, OnnxElementType type)
    {
        _model.Graph.Output.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } },
        });
        return name;
    }

    /// <summary>Adds an f32 initializer.</summary>
    public string AddInitializer(string name, float[] values, params long[] dims)
    {
        Claim(name);
        _model.Graph.Initializer.Add(OnnxTensorCodec.FromFloats(name, values, dims));
        return name;
    }

    /// <summary>Adds an int64 initializer (shapes, axes, indices).</summary>
    public string AddInt64Initializer(string name, long[] values, params long[] dims)
    {
        Claim(name);
        _model.Graph.Initializer.Add(OnnxTensorCodec.FromInt64s(name, values, dims));
        return name;
    }

    /// <summary>Adds a prepared initializer of any element type.</summary>
    public string AddInitializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Claim(tensor.Name);
        _model.Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    /// <param name="opType">ONNX operator, e.g. "Conv".</param>
    /// <param name="inputs">Input value names; use "" for an omitted optional input.</param>
    /// <param name="attributes">Attributes from <see cref="OnnxAttributes"/>.</param>
    /// <param name="output">Output name; generated when null.</param>
    /// <param name="name">Node name; generated when null.</param>
    public string AddNode(string opType, string[] inputs, AttributeProto[]? attributes = null, string? output = null, string? name = null) =>
        AddNode(opType, inputs, 1, attributes, output is null ? null : [output], name)[0];

    /// <summary>Adds a node with several outputs and returns their names.</summary>
    public string[] AddNode(string opType, string[] inputs, int outputCount, AttributeProto[]? attributes = null, string[]? outputs = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var index = _counter++;
        var node = new NodeProto { OpType = opType, Name = name ?? $"{opType}_{index}" };
        node.Input.AddRange(inputs);
        outputs ??= Enumerable.Range(0, outputCount).Select(i => $"{node.Name}_out{i}").ToArray();
        foreach (var o in outputs) Claim(o);
        node.Output.AddRange(outputs);
        if (attributes is not null) node.Attribute.AddRange(attributes);
        _model.Graph.Node.Add(node);
        return outputs;
    }

    /// <summary>Adds a metadata property (e.g. preprocessing mean/std or class names).</summary>
    public void AddMetadata(string key, string value) =>
        _model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    /// <summary>Returns the model built so far (a copy; the builder can continue).</summary>
    public OnnxModel Build() => OnnxModel.FromProto(_model.Clone());

    private void Claim(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"The name '{name}' is already used in this graph.", nameof(name));
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d switch
            {
                string s => new TensorShapeProto.Types.Dimension { DimParam = s },
                int i => new TensorShapeProto.Types.Dimension { DimValue = i },
                long l => new TensorShapeProto.Types.Dimension { DimValue = l },
                _ => throw new ArgumentException($"Dimension '{d}' of '{name}' must be an int, long or string.", nameof(dims)),
            });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
