using System.Runtime.InteropServices;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Safetensors;

/// <summary>
/// Element conversion between the stored floating-point types and f32. Safetensors data is little-endian; Atlas runs
/// on little-endian hosts only (x64, arm64), which <see cref="EnsureLittleEndian"/> checks once.
/// </summary>
internal static class FloatConversion
{
    public static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Safetensors I/O in Atlas needs a little-endian host.");
    }

    /// <summary>Converts <paramref name="source"/> (elements of <paramref name="type"/>) into f32 values.</summary>
    public static void ToFloat32(ReadOnlySpan<byte> source, SafetensorsDType type, Span<float> destination)
    {
        switch (type)
        {
            case SafetensorsDType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(source);
                for (int i = 0; i < halves.Length; i++) destination[i] = (float)halves[i];
                break;
            case SafetensorsDType.BF16:
                var brains = MemoryMarshal.Cast<byte, ushort>(source);
                for (int i = 0; i < brains.Length; i++) destination[i] = BitConverter.Int32BitsToSingle(brains[i] << 16);
                break;
            case SafetensorsDType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(source);
                for (int i = 0; i < doubles.Length; i++) destination[i] = (float)doubles[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not a floating-point safetensors type.");
        }
    }

    /// <summary>Converts f32 values into elements of <paramref name="type"/> (round to nearest even).</summary>
    public static void FromFloat32(ReadOnlySpan<float> source, SafetensorsDType type, Span<byte> destination)
    {
        switch (type)
        {
            case SafetensorsDType.F32:
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(destination);
                for (int i = 0; i < source.Length; i++) halves[i] = (Half)source[i];
                break;
            case SafetensorsDType.BF16:
                var brains = MemoryMarshal.Cast<byte, ushort>(destination);
                for (int i = 0; i < source.Length; i++) brains[i] = OnnxTensorCodec.ToBFloat16(source[i]);
                break;
            case SafetensorsDType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(destination);
                for (int i = 0; i < source.Length; i++) doubles[i] = source[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not a floating-point safetensors type.");
        }
    }

    /// <summary>Rounds f32 values in place to what <paramref name="type"/> can hold (what a reader will get back).</summary>
    public static void RoundTrip(Span<float> values, SafetensorsDType type)
    {
        if (type == SafetensorsDType.F32) return;
        var buffer = new byte[values.Length * SafetensorsDTypes.SizeOf(type)];
        FromFloat32(values, type, buffer);
        ToFloat32(buffer, type, values);
    }
}
