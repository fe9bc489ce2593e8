using Atlas.Engine.Onnx;

namespace Atlas.Engine.Models;

/// <summary>
/// Builds a small vision transformer (torchvision's <c>VisionTransformer</c> layout) as the ONNX graph that
/// <c>torch.onnx.export(..., opset_version=17, dynamic_axes={"input": {0: "batch"}}, do_constant_folding=False)</c>
/// produces, so tests and samples exercise the same op mix and int64 shape plumbing as real exports.
/// </summary>
/// <remarks>
/// Graph: input <c>[batch, C, H, W]</c> → patch Conv (stride = patch) → Reshape to <c>[N, dim, patches]</c> →
/// Transpose → Concat with the class token expanded to the batch (Shape → Gather → Concat → Equal/Where → Expand)
/// → Add positional embedding → pre-LN blocks (LayerNormalization, fused-QKV MatMul, Reshape to
/// <c>[N, L, 3, heads, head_dim]</c> from a run-time shape, Transpose, Gather q/k/v, MatMul, Div, Softmax,
/// MatMul, Transpose, Reshape, out-projection, residual Add, LayerNormalization, MLP with Erf GELU, residual
/// Add) → final LayerNormalization → Gather of the class token → Gemm head → <c>[batch, classes]</c>.
/// Parameter names follow PyTorch: <c>conv_proj.weight</c>, <c>class_token</c>, <c>encoder.pos_embedding</c>,
/// <c>encoder.layers.{i}.ln_1.weight</c>, <c>encoder.layers.{i}.self_attention.in_proj_weight</c> (q, k and v fused
/// in one <c>[3·dim, dim]</c> initializer), <c>...self_attention.out_proj.weight</c>, <c>...mlp.0.weight</c>,
/// <c>...mlp.3.weight</c>, <c>encoder.ln.weight</c>, <c>heads.head.weight</c>.
/// </remarks>
public static class VisionTransformerBuilder
{
    /// <summary>Name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph output (logits).</summary>
    public const string OutputName = "logits";

    private const float LayerNormEpsilon = 1e-6f;

    /// <summary>Builds the model with seeded random parameters.</summary>
    public static OnnxModel Build(VisionTransformerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var g = new ExportStyleGraph("vit", options.Opset, options.Seed);
        var x = g.Builder.AddInput(InputName, OnnxElementType.Float, "batch", options.Channels, options.ImageSize, options.ImageSize);

        var tokens = PatchEmbedding(g, x, options);
        g.Scope = "encoder";
        var position = g.Parameter("encoder.pos_embedding", g.Normal(options.SequenceLength * options.Dim, 0, 0.02), 1, options.SequenceLength, options.Dim);
        var h = g.Node("Add", [tokens, position]);
        for (int i = 0; i < options.Depth; i++)
        {
            h = EncoderBlock(g, h, $"encoder.layers.{i}", options);
        }
        g.Scope = "encoder/ln";
        h = g.LayerNorm(h, "encoder.ln", options.Dim, LayerNormEpsilon);

        g.Scope = "heads/head";
        var classToken = g.Node("Gather", [h, g.Int64s([0], scalar: true)], OnnxAttributes.Int("axis", 1));
        double bound = 1.0 / Math.Sqrt(options.Dim);
        var weight = g.Parameter("heads.head.weight", g.Uniform(options.Classes * options.Dim, bound), options.Classes, options.Dim);
        var bias = g.Parameter("heads.head.bias", g.Uniform(options.Classes, bound), options.Classes);
        g.Builder.AddNode("Gemm", [classToken, weight, bias], [OnnxAttributes.Float("alpha", 1f), OnnxAttributes.Float("beta", 1f), OnnxAttributes.Int("transB", 1)], output: OutputName, name: "/heads/head/Gemm");
        g.Builder.AddOutput(OutputName, OnnxElementType.Float, "batch", options.Classes);
        g.Builder.AddMetadata("atlas.architecture", "vit");
        return g.Builder.Build();
    }

    /// <summary>Conv patches → [N, dim, P] → [N, P, dim], with the class token prepended.</summary>
    private static string PatchEmbedding(ExportStyleGraph g, string x, VisionTransformerOptions o)
    {
        g.Scope = "conv_proj";
        int fanIn = o.Channels * o.PatchSize * o.PatchSize;
        double bound = 1.0 / Math.Sqrt(fanIn);
        var weight = g.Parameter("conv_proj.weight", g.Uniform(o.Dim * fanIn, bound), o.Dim, o.Channels, o.PatchSize, o.PatchSize);
        var bias = g.Parameter("conv_proj.bias", g.Uniform(o.Dim, bound), o.Dim);
        var patches = g.Node("Conv", [x, weight, bias],
            OnnxAttributes.Ints("dilations", 1, 1), OnnxAttributes.Int("group", 1),
            OnnxAttributes.Ints("kernel_shape", o.PatchSize, o.PatchSize), OnnxAttributes.Ints("pads", 0, 0, 0, 0),
            OnnxAttributes.Ints("strides", o.PatchSize, o.PatchSize));

        g.Scope = "";
        int count = o.PatchesPerSide * o.PatchesPerSide;
        var flatShape = g.Node("Concat", [g.Dim(patches, 0), g.Int64s([o.Dim]), g.Int64s([count])], OnnxAttributes.Int("axis", 0));
        var flat = g.Node("Reshape", [patches, flatShape], OnnxAttributes.Int("allowzero", 0));
        var tokens = g.Node("Transpose", [flat], OnnxAttributes.Ints("perm", 0, 2, 1));

        // class_token.expand(n, -1, -1): the exporter resolves -1 with Equal/Where against a ConstantOfShape of ones.
        var classToken = g.Parameter("class_token", g.Normal(o.Dim, 0, 0.02), 1, 1, o.Dim);
        var requested = g.Node("Concat", [g.Dim(tokens, 0), g.Int64s([-1]), g.Int64s([-1])], OnnxAttributes.Int("axis", 0));
        var ones = g.Node("ConstantOfShape", [g.Int64s([3])], OnnxAttributes.Tensor("value", OnnxTensorCodec.FromInt64s("", [1L], 1)));
        var minusOnes = g.Node("Mul", [ones, g.Int64s([-1], scalar: true)]);
        var isMinusOne = g.Node("Equal", [requested, minusOnes]);
        var resolved = g.Node("Where", [isMinusOne, ones, requested]);
        var batchClassToken = g.Node("Expand", [classToken, resolved]);
        return g.Node("Concat", [batchClassToken, tokens], OnnxAttributes.Int("axis", 1));
    }

    private static string EncoderBlock(ExportStyleGraph g, string input, string prefix, VisionTransformerOptions o)
    {
        var scope = prefix.Replace("encoder.layers.", "encoder/layers.", StringComparison.Ordinal);
        g.Scope = scope + "/ln_1";
        var y = g.LayerNorm(input, prefix + ".ln_1", o.Dim, LayerNormEpsilon);
        g.Scope = scope + "/self_attention";
        var attended = SelfAttention(g, y, prefix + ".self_attention", o);
        g.Scope = scope;
        var h = g.Node("Add", [attended, input]);

        g.Scope = scope + "/ln_2";
        var z = g.LayerNorm(h, prefix + ".ln_2", o.Dim, LayerNormEpsilon);
        g.Scope = scope + "/mlp";
        z = g.Linear(z, prefix + ".mlp.0", o.Dim, o.EffectiveMlpDim);
        z = g.Gelu(z);
        z = g.Linear(z, prefix + ".mlp.3", o.EffectiveMlpDim, o.Dim);
        g.Scope = scope;
        return g.Node("Add", [h, z]);
    }

    /// <summary>Multi-head self-attention lowered to MatMul/Softmax with run-time reshapes.</summary>
    private static string SelfAttention(ExportStyleGraph g, string x, string prefix, VisionTransformerOptions o)
    {
        int dim = o.Dim, heads = o.Heads, headDim = o.Dim / o.Heads;
        double bound = Math.Sqrt(6.0 / (dim + 3 * dim));
        var inWeight = g.Parameter(prefix + ".in_proj_weight", g.Uniform(3 * dim * dim, bound), 3 * dim, dim);
        var inBias = g.Parameter(prefix + ".in_proj_bias", g.Normal(3 * dim, 0, 0.02), 3 * dim);
        var qkv = g.Linear(x, inWeight, inBias);

        var qkvShape = g.Node("Concat", [g.Dim(qkv, 0), g.Dim(qkv, 1), g.Int64s([3, heads, headDim])], OnnxAttributes.Int("axis", 0));
        var split = g.Node("Reshape", [qkv, qkvShape], OnnxAttributes.Int("allowzero", 0));
        var stacked = g.Node("Transpose", [split], OnnxAttributes.Ints("perm", 2, 0, 3, 1, 4));
        var q = g.Node("Gather", [stacked, g.Int64s([0], scalar: true)], OnnxAttributes.Int("axis", 0));
        var k = g.Node("Gather", [stacked, g.Int64s([1], scalar: true)], OnnxAttributes.Int("axis", 0));
        var v = g.Node("Gather", [stacked, g.Int64s([2], scalar: true)], OnnxAttributes.Int("axis", 0));

        var kT = g.Node("Transpose", [k], OnnxAttributes.Ints("perm", 0, 1, 3, 2));
        var scores = g.Node("Div", [g.Node("MatMul", [q, kT]), g.Float(MathF.Sqrt(headDim))]);
        var weights = g.Node("Softmax", [scores], OnnxAttributes.Int("axis", -1));
        var context = g.Node("MatMul", [weights, v]);
        var merged = g.Node("Transpose", [context], OnnxAttributes.Ints("perm", 0, 2, 1, 3));
        var mergedShape = g.Node("Concat", [g.Dim(merged, 0), g.Dim(merged, 1), g.Int64s([dim])], OnnxAttributes.Int("axis", 0));
        var joined = g.Node("Reshape", [merged, mergedShape], OnnxAttributes.Int("allowzero", 0));

        double outBound = 1.0 / Math.Sqrt(dim);
        var outWeight = g.Parameter(prefix + ".out_proj.weight", g.Uniform(dim * dim, outBound), dim, dim);
        var outBias = g.Parameter(prefix + ".out_proj.bias", g.Normal(dim, 0, 0.02), dim);
        return g.Linear(joined, outWeight, outBias);
    }
}
