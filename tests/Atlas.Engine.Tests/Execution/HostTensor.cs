using Atlas.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

#pragma warning disable CA1720 // Float/Int64/Bool name the element type on purpose.

namespace Atlas.Engine.Tests.Execution;

/// <summary>
/// A test tensor held in plain .NET arrays (float, int64 or bool), so the same values can be fed to ONNX Runtime
/// and to the TorchSharp executor.
/// </summary>
public sealed class HostTensor
{
    private HostTensor(long[] shape, float[]? floats, long[]? longs, bool[]? bools)
    {
        Shape = shape;
        Floats = floats;
        Longs = longs;
        Bools = bools;
    }

    public long[] Shape { get; }

    public float[]? Floats { get; }

    public long[]? Longs { get; }

    public bool[]? Bools { get; }

    public OnnxElementType ElementType => Floats is not null ? OnnxElementType.Float
        : Longs is not null ? OnnxElementType.Int64 : OnnxElementType.Bool;

    public static HostTensor Float(float[] values, params long[] shape) => new(shape, values, null, null);

    public static HostTensor Int64(long[] values, params long[] shape) => new(shape, null, values, null);

    public static HostTensor Bool(bool[] values, params long[] shape) => new(shape, null, null, values);

    /// <summary>Seeded uniform values in [low, high).</summary>
    public static HostTensor Random(int seed, long[] shape, float low = -1f, float high = 1f)
    {
        var random = new Random(seed);
        var count = shape.Aggregate(1L, (a, d) => a * d);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = low + ((float)random.NextDouble() * (high - low));
        return Float(values, shape);
    }

    internal OrtValue ToOrtValue() =>
        Floats is not null ? OrtValue.CreateTensorValueFromMemory(Floats, Shape)
        : Longs is not null ? OrtValue.CreateTensorValueFromMemory(Longs, Shape)
        : OrtValue.CreateTensorValueFromMemory(Bools!, Shape);

    internal Tensor ToTorch(ScalarType floatType) =>
        Floats is not null ? torch.tensor(Floats, Shape).to(floatType)
        : Longs is not null ? torch.tensor(Longs, Shape)
        : torch.tensor(Bools!, Shape);
}
