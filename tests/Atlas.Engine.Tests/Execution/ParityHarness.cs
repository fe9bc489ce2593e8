using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Execution;

/// <summary>
/// Shared checks for op and model tests: build a graph, run it with ONNX Runtime and with <see cref="GraphExecutor"/>
/// on the same seeded inputs and compare every output; and compare the executor's gradients with central finite
/// differences (<see cref="GradientChecker"/>).
/// </summary>
/// <example>
/// <code>
/// var (model, feeds) = ParityHarness.SingleOp("Relu", [("x", [2, 3])]);
/// ParityHarness.AssertMatchesOrt(model, feeds);
/// </code>
/// </example>
public static class ParityHarness
{
    /// <summary>Default parity tolerance: max |executor − ORT| ≤ 1e-4 · max(1, max |ORT|), per output, in fp32.</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>
    /// A graph of one node. Each input is a float graph input fed with seeded uniform values in [-1, 1), unless
    /// <paramref name="feeds"/> supplies it; each initializer is a seeded float initializer. Outputs are declared
    /// without shape (ORT infers them) and typed <paramref name="outputType"/>.
    /// </summary>
    public static (OnnxModel Model, Dictionary<string, HostTensor> Feeds) SingleOp(
        string opType,
        (string Name, long[] Shape)[] inputs,
        AttributeProto[]? attributes = null,
        (string Name, long[] Shape)[]? initializers = null,
        int outputCount = 1,
        long opset = 17,
        IReadOnlyDictionary<string, HostTensor>? feeds = null,
        string[]? nodeInputs = null,
        OnnxElementType outputType = OnnxElementType.Float,
        int seed = 1)
    {
        var builder = new OnnxGraphBuilder($"single_{opType}", opset);
        var given = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
        int s = seed;
        foreach (var (name, shape) in inputs)
        {
            var value = feeds is not null && feeds.TryGetValue(name, out var f) ? f : HostTensor.Random(s++, shape);
            builder.AddInput(name, value.ElementType, [.. shape.Select(d => (object)d)]);
            given[name] = value;
        }
        foreach (var (name, shape) in initializers ?? [])
        {
            if (feeds is not null && feeds.TryGetValue(name, out var f))
            {
                builder.AddInitializer(f.Floats is not null ? OnnxTensorCodec.FromFloats(name, f.Floats, shape)
                    : OnnxTensorCodec.FromInt64s(name, f.Longs!, shape));
            }
            else
            {
                builder.AddInitializer(name, HostTensor.Random(s++, shape).Floats!, shape);
            }
        }
        var names = nodeInputs ?? [.. inputs.Select(i => i.Name), .. (initializers ?? []).Select(i => i.Name)];
        var outputs = builder.AddNode(opType, names, outputCount, attributes, name: $"the_{opType}");
        foreach (var o in outputs) builder.AddOutputWithoutShape(o, outputType);
        return (builder.Build(), given);
    }

    /// <summary>Runs the model with ONNX Runtime and returns its outputs as host tensors, by name.</summary>
    public static Dictionary<string, HostTensor> RunOrt(OnnxModel model, IReadOnlyDictionary<string, HostTensor> feeds)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model.ToBytes(), options);
        var names = feeds.Keys.ToArray();
        var values = names.Select(n => feeds[n].ToOrtValue()).ToArray();
        try
        {
            var outputNames = session.OutputNames.ToArray();
            using var results = session.Run(new RunOptions(), names, values, outputNames);
            var map = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
            for (int i = 0; i < outputNames.Length; i++)
            {
                var info = results[i].GetTensorTypeAndShape();
                var shape = info.Shape;
                map[outputNames[i]] = info.ElementDataType switch
                {
                    TensorElementType.Float => HostTensor.Float(results[i].GetTensorDataAsSpan<float>().ToArray(), shape),
                    TensorElementType.Int64 => HostTensor.Int64(results[i].GetTensorDataAsSpan<long>().ToArray(), shape),
                    TensorElementType.Bool => HostTensor.Bool(results[i].GetTensorDataAsSpan<bool>().ToArray(), shape),
                    var t => throw new NotSupportedException($"The harness does not compare ORT outputs of type {t}."),
                };
            }
            return map;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>Runs the model with the executor (fp32, CPU) and returns its outputs as host tensors, by name.</summary>
    public static Dictionary<string, HostTensor> RunExecutor(OnnxModel model, IReadOnlyDictionary<string, HostTensor> feeds, bool training = false)
    {
        using var scope = torch.NewDisposeScope();
        using var executor = new GraphExecutor(model);
        var inputs = feeds.ToDictionary(kv => kv.Key, kv => kv.Value.ToTorch(ScalarType.Float32), StringComparer.Ordinal);
        var outputs = executor.Run(inputs, training: training);
        return outputs.ToDictionary(kv => kv.Key, kv => ToHost(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// Asserts that the executor reproduces ONNX Runtime on every output: same shape and element type, and
    /// max |executor − ORT| ≤ <paramref name="tolerance"/> · max(1, max |ORT|) (exact equality for ints and bools).
    /// Returns the largest relative difference seen.
    /// </summary>
    public static double AssertMatchesOrt(OnnxModel model, IReadOnlyDictionary<string, HostTensor> feeds, double tolerance = DefaultTolerance)
    {
        var expected = RunOrt(model, feeds);
        var actual = RunExecutor(model, feeds);
        double worst = 0;
        foreach (var (name, ort) in expected)
        {
            Assert.True(actual.TryGetValue(name, out var mine), $"The executor did not return output '{name}'.");
            Assert.True(ort.Shape.SequenceEqual(mine!.Shape),
                $"Output '{name}': executor shape [{string.Join(",", mine.Shape)}], ORT shape [{string.Join(",", ort.Shape)}].");
            Assert.Equal(ort.ElementType, mine.ElementType);
            if (ort.Floats is not null)
            {
                double scale = Math.Max(1.0, ort.Floats.Select(v => Math.Abs((double)v)).DefaultIfEmpty(0).Max());
                double maxDiff = 0;
                int at = -1;
                for (int i = 0; i < ort.Floats.Length; i++)
                {
                    double d = Math.Abs((double)ort.Floats[i] - mine.Floats![i]);
                    if (double.IsNaN(d) && float.IsNaN(ort.Floats[i]) && float.IsNaN(mine.Floats[i])) d = 0;
                    if (!(d <= maxDiff)) { maxDiff = d; at = i; }
                }
                double relative = maxDiff / scale;
                worst = Math.Max(worst, relative);
                Assert.True(relative <= tolerance,
                    $"Output '{name}': max |executor − ORT| = {maxDiff:G4} at element {at} (executor {(at >= 0 ? mine.Floats![at] : 0)}, ORT {(at >= 0 ? ort.Floats[at] : 0)}), relative {relative:G4} > tolerance {tolerance:G4}.");
            }
            else if (ort.Longs is not null)
            {
                Assert.Equal(ort.Longs, mine.Longs!);
            }
            else
            {
                Assert.Equal(ort.Bools!, mine.Bools!);
            }
        }
        return worst;
    }

    internal static HostTensor ToHost(Tensor t)
    {
        var shape = t.shape;
        // TorchSharp's data accessor throws on empty tensors; empty outputs (e.g. a Slice past the end) are legal.
        if (t.numel() == 0)
        {
            return t.dtype switch
            {
                ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16 => HostTensor.Float([], shape),
                ScalarType.Bool => HostTensor.Bool([], shape),
                _ => HostTensor.Int64([], shape),
            };
        }
        using var cpu = t.detach().cpu();
        return t.dtype switch
        {
            ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16 =>
                HostTensor.Float(cpu.to(ScalarType.Float32).data<float>().ToArray(), shape),
            ScalarType.Bool => HostTensor.Bool(cpu.data<bool>().ToArray(), shape),
            _ => HostTensor.Int64(cpu.to(ScalarType.Int64).data<long>().ToArray(), shape),
        };
    }
}
