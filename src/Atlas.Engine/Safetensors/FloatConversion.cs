using System.Numerics;
using System.Runtime.InteropServices;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Safetensors;

/// <summary>
/// Element conversion between the stored floating-point types and f32. Safetensors data is little-endian; Atlas runs
/// on little-endian hosts only (x64, arm64), which <see cref="EnsureLittleEndian"/> checks once.
/// </summary>
internal static class FloatConversion
{
    private static readonly float TwoToThe112 = BitConverter.UInt32BitsToSingle((127 + 112) << 23);

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
                HalfToSingle(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<float, uint>(destination));
                break;
            case SafetensorsDType.BF16:
                BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<float, uint>(destination));
                break;
            case SafetensorsDType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(source);
                for (int i = 0; i < doubles.Length; i++) destination[i] = (float)doubles[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not a floating-point safetensors type.");
        }
    }

    /// <summary>
    /// binary16 bits to binary32 bits, exactly, SIMD-wide: the 15 magnitude bits shifted into f32 position and
    /// multiplied by 2^112 rebias the exponent (subnormal halves come out as normal floats); the sign is ORed back;
    /// exponent 31 (infinity, NaN) gets the all-ones f32 exponent with its mantissa kept.
    /// </summary>
    internal static void HalfToSingle(ReadOnlySpan<ushort> source, Span<uint> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var sources = MemoryMarshal.Cast<ushort, Vector<ushort>>(source);
            int width = Vector<uint>.Count;
            for (int v = 0; v < sources.Length; v++, i += 2 * width)
            {
                Vector.Widen(sources[v], out var low, out var high);
                HalfBitsToSingleBits(low).CopyTo(destination.Slice(i, width));
                HalfBitsToSingleBits(high).CopyTo(destination.Slice(i + width, width));
            }
        }
        for (; i < source.Length; i++) destination[i] = BitConverter.SingleToUInt32Bits((float)BitConverter.UInt16BitsToHalf(source[i]));
    }

    private static Vector<uint> HalfBitsToSingleBits(Vector<uint> half)
    {
        var magnitude = half & new Vector<uint>(0x7FFF);
        var scaled = Vector.AsVectorUInt32(Vector.AsVectorSingle(Vector.ShiftLeft(magnitude, 13)) * new Vector<float>(TwoToThe112));
        var sign = Vector.ShiftLeft(half & new Vector<uint>(0x8000), 16);
        var special = Vector.GreaterThanOrEqual(magnitude, new Vector<uint>(0x7C00)) & new Vector<uint>(0x7F800000);
        return scaled | sign | special;
    }

    /// <summary>bfloat16 bits to binary32 bits (a 16-bit shift), SIMD-wide.</summary>
    internal static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<uint> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var sources = MemoryMarshal.Cast<ushort, Vector<ushort>>(source);
            int width = Vector<uint>.Count;
            for (int v = 0; v < sources.Length; v++, i += 2 * width)
            {
                Vector.Widen(sources[v], out var low, out var high);
                Vector.ShiftLeft(low, 16).CopyTo(destination.Slice(i, width));
                Vector.ShiftLeft(high, 16).CopyTo(destination.Slice(i + width, width));
            }
        }
        for (; i < source.Length; i++) destination[i] = (uint)source[i] << 16;
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
