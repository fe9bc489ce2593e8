using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Models;

/// <summary>
/// Writes nodes the way <c>torch.onnx.export</c> does at opset 17 with a dynamic batch: parameters keep their
/// PyTorch names, constants are <c>Constant</c> nodes, shapes are computed at run time with
/// Shape → Gather → Unsqueeze → Concat chains, and node names carry the module path (<c>/encoder/layers.0/...</c>).
/// </summary>
internal sealed class ExportStyleGraph
{
    private readonly Random _random;
    private int _counter;

    public ExportStyleGraph(string graphName, long opset, int seed)
    {
        Builder = new OnnxGraphBuilder(graphName, opset);
        _random = new Random(seed);
    }

    public OnnxGraphBuilder Builder { get; }

    /// <summary>Module path used to name the next nodes, e.g. <c>encoder/layers.0/self_attention</c>.</summary>
    public string Scope { get; set; } = "";

    public string Node(string opType, string[] inputs, params AttributeProto[] attributes)
    {
        var name = $"/{Scope}/{opType}_{_counter++}".Replace("//", "/", StringComparison.Ordinal);
        return Builder.AddNode(opType, inputs, attributes, output: name + "_output_0", name: name);
    }

    /// <summary>An int64 <c>Constant</c>: a 1-D tensor, or a scalar when <paramref name="scalar"/> is set.</summary>
    public string Int64s(long[] values, bool scalar = false) =>
        Node("Constant", [], OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", values, scalar ? [] : [values.Length])));

    /// <summary>A scalar f32 <c>Constant</c>.</summary>
    public string Float(float value) =>
        Node("Constant", [], OnnxAttributes.Tensor("value", OnnxTensorCodec.FromFloats("", [value])));

    /// <summary>Dimension <paramref name="axis"/> of <paramref name="value"/> as a 1-element int64 tensor.</summary>
    public string Dim(string value, long axis)
    {
        var shape = Node("Shape", [value]);
        var scalar = Node("Gather", [shape, Int64s([axis], scalar: true)], OnnxAttributes.Int("axis", 0));
        return Node("Unsqueeze", [scalar, Int64s([0])]);
    }

    public string Parameter(string name, float[] values, params long[] dims) => Builder.AddInitializer(name, values, dims);

    /// <summary>Uniform(-bound, bound) values, PyTorch's default for Linear and Conv (bound = 1/√fan_in).</summary>
    public float[] Uniform(int count, double bound)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)((_random.NextDouble() * 2 - 1) * bound);
        return values;
    }

    /// <summary>Normal(mean, std) values (Box–Muller).</summary>
    public float[] Normal(int count, double mean, double std)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
            values[i] = (float)(mean + std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    /// <summary><c>nn.Linear</c> on a 3-D input as exported: MatMul with the transposed weight, then Add of the bias.</summary>
    public string Linear(string x, string prefix, int inFeatures, int outFeatures)
    {
        double bound = 1.0 / Math.Sqrt(inFeatures);
        var weight = Parameter(prefix + ".weight", Uniform(outFeatures * inFeatures, bound), outFeatures, inFeatures);
        var bias = Parameter(prefix + ".bias", Uniform(outFeatures, bound), outFeatures);
        return Linear(x, weight, bias);
    }

    public string Linear(string x, string weight, string bias)
    {
        var transposed = Node("Transpose", [weight], OnnxAttributes.Ints("perm", 1, 0));
        return Node("Add", [Node("MatMul", [x, transposed]), bias]);
    }

    /// <summary>
    /// <c>nn.LayerNorm</c> as one LayerNormalization node. The affine parameters are drawn near (1, 0) rather than
    /// set to exactly (1, 0) so that gradient checks see a non-trivial scale and shift.
    /// </summary>
    public string LayerNorm(string x, string prefix, int width, float epsilon)
    {
        var weight = Parameter(prefix + ".weight", Normal(width, 1.0, 0.1), width);
        var bias = Parameter(prefix + ".bias", Normal(width, 0.0, 0.1), width);
        return Node("LayerNormalization", [x, weight, bias], OnnxAttributes.Int("axis", -1), OnnxAttributes.Float("epsilon", epsilon));
    }

    /// <summary>Exact GELU as exported: x · 0.5 · (1 + erf(x / √2)).</summary>
    public string Gelu(string x)
    {
        var erf = Node("Erf", [Node("Div", [x, Float(1.4142135f)])]);
        var onePlus = Node("Add", [erf, Float(1f)]);
        return Node("Mul", [Node("Mul", [x, onePlus]), Float(0.5f)]);
    }
}
