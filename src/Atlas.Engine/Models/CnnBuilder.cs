using System.Globalization;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Models;

/// <summary>
/// Builds small convolutional networks (conv / group norm / ReLU / pooling / residual blocks / linear head) as the
/// ONNX graphs <c>torch.onnx.export(..., opset_version=17, do_constant_folding=False)</c> writes for the same
/// PyTorch modules, with PyTorch parameter names (<c>conv1.weight</c>, <c>gn1.weight</c>, <c>fc.bias</c>), a
/// symbolic batch dimension and seeded PyTorch-style initialisation, so that task vectors keyed by those names line
/// up with the graph.
/// </summary>
/// <remarks>
/// <para>Layers are appended in order and the builder tracks the running shape, so sizes only need stating once.
/// Conv and Linear weights and biases are drawn from U(−1/√fan_in, 1/√fan_in) (PyTorch's default Kaiming-uniform
/// with a = √5); GroupNorm starts at weight 1 and bias 0.</para>
/// <para>GroupNorm is lowered as exports do: Reshape to [N, groups, −1] → InstanceNormalization (scale 1, bias 0,
/// as Constant nodes) → Reshape back to the input's run-time shape → Mul by weight → Add bias (weight and bias are
/// the [C] parameters, unsqueezed to [C,1,1]).</para>
/// <para>The optional in-graph input normalisation (x − mean) / std keeps its constants in the initializers
/// <c>preprocess.mean</c> and <c>preprocess.std</c>; they are listed in the metadata key
/// <see cref="FrozenInitializersKey"/> because they are not meant to be learned or composed.</para>
/// </remarks>
public sealed class CnnBuilder
{
    /// <summary>Name of the graph input, <c>[batch, C, H, W]</c>.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "logits";

    /// <summary>Metadata key listing (comma-separated) initializers that are constants, not parameters.</summary>
    public const string FrozenInitializersKey = "atlas.frozen_initializers";

    private readonly ExportStyleGraph _g;
    private readonly List<string> _frozen = [];
    private string _value;
    private long[] _shape;
    private bool _built;

    /// <param name="channels">Input channels.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="seed">Seed of the parameter initialisation; the same seed gives the same model.</param>
    /// <param name="graphName">Graph name written into the model.</param>
    public CnnBuilder(int channels, int height, int width, int seed = 0, string graphName = "cnn")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        _g = new ExportStyleGraph(graphName, 17, seed);
        _value = _g.Builder.AddInput(InputName, OnnxElementType.Float, "batch", channels, height, width);
        _shape = [channels, height, width];
    }

    /// <summary>Shape of the running value without the batch axis: [C, H, W], or [features] after Flatten.</summary>
    public IReadOnlyList<long> CurrentShape => _shape;

    /// <summary>Number of learnable parameters added so far (frozen preprocessing constants excluded).</summary>
    public long ParameterCount { get; private set; }

    /// <summary>Normalises the input in the graph: (x − mean[c]) / std[c], with frozen constants.</summary>
    public CnnBuilder Normalize(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        RequireSpatial("Normalize");
        if (mean.Length != _shape[0] || std.Length != _shape[0] || std.Any(s => !(s > 0)))
            throw new ArgumentException($"Normalize needs {_shape[0]} means and {_shape[0]} positive stds (got {mean.Length} and {std.Length}).");
        _g.Scope = "preprocess";
        var m = _g.Builder.AddInitializer("preprocess.mean", mean, 1, _shape[0], 1, 1);
        var s = _g.Builder.AddInitializer("preprocess.std", std, 1, _shape[0], 1, 1);
        _frozen.AddRange([m, s]);
        _value = _g.Node("Div", [_g.Node("Sub", [_value, m]), s]);
        return this;
    }

    /// <summary>A 2-D convolution (<c>nn.Conv2d</c>) with square kernel, stride and symmetric padding.</summary>
    public CnnBuilder Conv(string name, int outChannels, int kernel, int stride = 1, int padding = 0, int groups = 1, bool bias = true)
    {
        RequireSpatial("Conv");
        _value = AddConv(_value, name, (int)_shape[0], outChannels, kernel, stride, padding, groups, bias);
        _shape = [outChannels, ConvOut(_shape[1], kernel, stride, padding), ConvOut(_shape[2], kernel, stride, padding)];
        return this;
    }

    /// <summary><c>nn.GroupNorm(groups, C)</c>, lowered as ONNX exports lower it.</summary>
    public CnnBuilder GroupNorm(string name, int groups, float epsilon = 1e-5f)
    {
        RequireSpatial("GroupNorm");
        _value = AddGroupNorm(_value, name, (int)_shape[0], groups, epsilon);
        return this;
    }

    /// <summary>ReLU.</summary>
    public CnnBuilder Relu()
    {
        _g.Scope = "relu";
        _value = _g.Node("Relu", [_value]);
        return this;
    }

    /// <summary><c>nn.MaxPool2d(kernel, stride)</c> (stride defaults to the kernel).</summary>
    public CnnBuilder MaxPool(int kernel, int? stride = null, int padding = 0)
    {
        RequireSpatial("MaxPool");
        int s = stride ?? kernel;
        _g.Scope = "maxpool";
        _value = _g.Node("MaxPool", [_value], OnnxAttributes.Ints("kernel_shape", kernel, kernel),
            OnnxAttributes.Ints("strides", s, s), OnnxAttributes.Ints("pads", padding, padding, padding, padding));
        _shape = [_shape[0], ConvOut(_shape[1], kernel, s, padding), ConvOut(_shape[2], kernel, s, padding)];
        return this;
    }

    /// <summary>Global average pooling to [C, 1, 1].</summary>
    public CnnBuilder GlobalAveragePool()
    {
        RequireSpatial("GlobalAveragePool");
        _g.Scope = "avgpool";
        _value = _g.Node("GlobalAveragePool", [_value]);
        _shape = [_shape[0], 1, 1];
        return this;
    }

    /// <summary>Flattens [C, H, W] to [C·H·W] (Flatten with axis 1).</summary>
    public CnnBuilder Flatten()
    {
        _g.Scope = "flatten";
        _value = _g.Node("Flatten", [_value], OnnxAttributes.Int("axis", 1));
        _shape = [_shape.Aggregate(1L, (a, d) => a * d)];
        return this;
    }

    /// <summary><c>nn.Linear</c> on a flat value, exported as Gemm with transB = 1.</summary>
    public CnnBuilder Linear(string name, int outFeatures)
    {
        if (_shape.Length != 1) throw new InvalidOperationException($"Linear '{name}' needs a flat input; call Flatten first (shape is [{string.Join(",", _shape)}]).");
        int inFeatures = (int)_shape[0];
        double bound = 1.0 / Math.Sqrt(inFeatures);
        var w = Parameter(name + ".weight", _g.Uniform(outFeatures * inFeatures, bound), outFeatures, inFeatures);
        var b = Parameter(name + ".bias", _g.Uniform(outFeatures, bound), outFeatures);
        _g.Scope = name;
        _value = _g.Node("Gemm", [_value, w, b], OnnxAttributes.Float("alpha", 1f), OnnxAttributes.Float("beta", 1f), OnnxAttributes.Int("transB", 1));
        _shape = [outFeatures];
        return this;
    }

    /// <summary>
    /// A ResNet basic block with GroupNorm: conv3×3(stride) → GN → ReLU → conv3×3 → GN, plus a shortcut
    /// (identity, or conv1×1(stride) → GN named <c>{name}.downsample.0/1</c> when the shape changes), then Add and
    /// ReLU. Convolutions have no bias, as in torchvision.
    /// </summary>
    public CnnBuilder ResidualBlock(string name, int outChannels, int stride = 1, int groups = 8)
    {
        RequireSpatial("ResidualBlock");
        int inChannels = (int)_shape[0];
        var input = _value;
        var h = AddConv(input, name + ".conv1", inChannels, outChannels, 3, stride, 1, 1, bias: false);
        h = AddGroupNorm(h, name + ".gn1", outChannels, groups, 1e-5f);
        h = _g.Node("Relu", [h]);
        h = AddConv(h, name + ".conv2", outChannels, outChannels, 3, 1, 1, 1, bias: false);
        h = AddGroupNorm(h, name + ".gn2", outChannels, groups, 1e-5f);
        var shortcut = input;
        if (stride != 1 || inChannels != outChannels)
        {
            shortcut = AddConv(input, name + ".downsample.0", inChannels, outChannels, 1, stride, 0, 1, bias: false);
            shortcut = AddGroupNorm(shortcut, name + ".downsample.1", outChannels, groups, 1e-5f);
        }
        _g.Scope = name;
        _value = _g.Node("Relu", [_g.Node("Add", [h, shortcut])]);
        _shape = [outChannels, ConvOut(_shape[1], 3, stride, 1), ConvOut(_shape[2], 3, stride, 1)];
        return this;
    }

    /// <summary>Finishes the graph: the running value becomes the output <see cref="OutputName"/>.</summary>
    public OnnxModel Build()
    {
        if (_built) throw new InvalidOperationException("Build was already called on this CnnBuilder.");
        _built = true;
        _g.Scope = "";
        var output = _g.Builder.AddNode("Identity", [_value], output: OutputName, name: "/output/Identity");
        _g.Builder.AddOutput(output, OnnxElementType.Float, ["batch", .. _shape.Select(d => (object)d)]);
        _g.Builder.AddMetadata("atlas.architecture", "cnn");
        _g.Builder.AddMetadata(FrozenInitializersKey, string.Join(",", _frozen));
        return _g.Builder.Build();
    }

    private string AddConv(string x, string name, int inChannels, int outChannels, int kernel, int stride, int padding, int groups, bool bias)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv '{name}': {inChannels} input and {outChannels} output channels are not divisible by {groups} groups.");
        int fanIn = inChannels / groups * kernel * kernel;
        double bound = 1.0 / Math.Sqrt(fanIn);
        var w = Parameter(name + ".weight", _g.Uniform(outChannels * fanIn, bound), outChannels, inChannels / groups, kernel, kernel);
        string[] inputs = bias ? [x, w, Parameter(name + ".bias", _g.Uniform(outChannels, bound), outChannels)] : [x, w];
        _g.Scope = name.Replace('.', '/');
        return _g.Node("Conv", inputs, OnnxAttributes.Ints("dilations", 1, 1), OnnxAttributes.Int("group", groups),
            OnnxAttributes.Ints("kernel_shape", kernel, kernel), OnnxAttributes.Ints("pads", padding, padding, padding, padding),
            OnnxAttributes.Ints("strides", stride, stride));
    }

    private string AddGroupNorm(string x, string name, int channels, int groups, float epsilon)
    {
        if (groups < 1 || channels % groups != 0)
            throw new ArgumentException($"GroupNorm '{name}': {channels} channels are not divisible by {groups} groups.");
        var weight = Parameter(name + ".weight", [.. Enumerable.Repeat(1f, channels)], channels);
        var bias = Parameter(name + ".bias", new float[channels], channels);
        _g.Scope = name.Replace('.', '/');
        var grouped = _g.Node("Reshape", [x, _g.Int64s([0, groups, -1])], OnnxAttributes.Int("allowzero", 0));
        var ones = _g.Node("Constant", [], OnnxAttributes.Tensor("value", OnnxTensorCodec.FromFloats("", [.. Enumerable.Repeat(1f, groups)], groups)));
        var zeros = _g.Node("Constant", [], OnnxAttributes.Tensor("value", OnnxTensorCodec.FromFloats("", new float[groups], groups)));
        var normalized = _g.Node("InstanceNormalization", [grouped, ones, zeros], OnnxAttributes.Float("epsilon", epsilon));
        var restored = _g.Node("Reshape", [normalized, _g.Node("Shape", [x])], OnnxAttributes.Int("allowzero", 0));
        var axes = _g.Int64s([1, 2]);
        var scaled = _g.Node("Mul", [restored, _g.Node("Unsqueeze", [weight, axes])]);
        return _g.Node("Add", [scaled, _g.Node("Unsqueeze", [bias, axes])]);
    }

    private string Parameter(string name, float[] values, params long[] dims)
    {
        ParameterCount += values.Length;
        return _g.Parameter(name, values, dims);
    }

    private void RequireSpatial(string layer)
    {
        if (_built) throw new InvalidOperationException("The model was already built.");
        if (_shape.Length != 3)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{layer} needs a [C,H,W] value, but the running shape is [{string.Join(",", _shape)}]."));
    }

    private static long ConvOut(long size, int kernel, int stride, int padding) => ((size + (2 * padding) - kernel) / stride) + 1;
}
