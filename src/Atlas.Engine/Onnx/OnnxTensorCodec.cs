using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Atlas.Engine.Onnx;

/// <summary>
/// Converts between <see cref="TensorProto"/> storage (raw_data, typed fields or external data) and plain
/// arrays. ONNX stores tensor bytes little-endian whatever the field.
/// </summary>
public static class OnnxTensorCodec
{
    /// <summary>Bytes per element for the fixed-size element types.</summary>
    public static int ElementSize(OnnxElementType type) => type switch
    {
        OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Bool => 1,
        OnnxElementType.UInt16 or OnnxElementType.Int16 or OnnxElementType.Float16 or OnnxElementType.BFloat16 => 2,
        OnnxElementType.Float or OnnxElementType.Int32 or OnnxElementType.UInt32 => 4,
        OnnxElementType.Int64 or OnnxElementType.Double or OnnxElementType.UInt64 => 8,
        _ => throw new OnnxFormatException($"Element type {type} has no fixed size and is not supported here."),
    };

    /// <summary>Element count of a tensor proto (product of dims; 1 for a scalar).</summary>
    /// <exception cref="OnnxFormatException">A dimension is negative or the product does not fit in 64 bits.</exception>
    public static long ElementCount(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        // Checked: a crafted model's dims must fail here, not wrap into a small or negative count (found by fuzzing).
        if (tensor.Dims.Any(d => d < 0))
            throw new OnnxFormatException($"Tensor '{tensor.Name}' has a negative dimension in its shape [{string.Join(",", tensor.Dims)}].");
        try
        {
            return tensor.Dims.Aggregate(1L, (a, d) => checked(a * d));
        }
        catch (OverflowException)
        {
            throw new OnnxFormatException($"Tensor '{tensor.Name}' has more elements than 64 bits can count: shape [{string.Join(",", tensor.Dims)}].");
        }
    }

    /// <summary>
    /// The tensor's elements as little-endian bytes of its own element type, from whichever field holds them.
    /// </summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="modelDirectory">Folder that external-data locations are relative to; null when the model has none.</param>
    public static byte[] ReadRawBytes(TensorProto tensor, string? modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var type = (OnnxElementType)tensor.DataType;
        long count = ElementCount(tensor);
        int size = ElementSize(type);
        if (count > Array.MaxLength / size)
            throw new OnnxFormatException($"Tensor '{tensor.Name}' of type {type} and shape [{string.Join(",", tensor.Dims)}] is larger than one array can hold.");
        long expected = count * size;
        byte[] bytes;
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            bytes = ReadExternal(tensor, modelDirectory, expected);
        }
        else if (!tensor.RawData.IsEmpty)
        {
            bytes = tensor.RawData.ToByteArray();
        }
        else
        {
            bytes = FromTypedFields(tensor, type, count, size);
        }
        if (bytes.LongLength != expected)
        {
            throw new OnnxFormatException(
                $"Tensor '{tensor.Name}' holds {bytes.LongLength} bytes, but its type {type} and shape " +
                $"[{string.Join(",", tensor.Dims)}] need {expected}.");
        }
        return bytes;
    }

    /// <summary>Reads a floating-point tensor (f32, f16, bf16 or f64) as f32 values.</summary>
    public static float[] ReadFloats(TensorProto tensor, string? modelDirectory)
    {
        var type = (OnnxElementType)tensor.DataType;
        var raw = ReadRawBytes(tensor, modelDirectory);
        return type switch
        {
            OnnxElementType.Float => MemoryMarshal.Cast<byte, float>(raw).ToArray(),
            OnnxElementType.Double => MemoryMarshal.Cast<byte, double>(raw).ToArray().Select(d => (float)d).ToArray(),
            OnnxElementType.Float16 => MemoryMarshal.Cast<byte, Half>(raw).ToArray().Select(h => (float)h).ToArray(),
            OnnxElementType.BFloat16 => MemoryMarshal.Cast<byte, ushort>(raw).ToArray()
                .Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray(),
            _ => throw new OnnxFormatException($"Tensor '{tensor.Name}' has element type {type}, not a floating-point type."),
        };
    }

    /// <summary>Reads an integer or boolean tensor as int64 values.</summary>
    public static long[] ReadInt64s(TensorProto tensor, string? modelDirectory)
    {
        var type = (OnnxElementType)tensor.DataType;
        var raw = ReadRawBytes(tensor, modelDirectory);
        return type switch
        {
            OnnxElementType.Int64 => MemoryMarshal.Cast<byte, long>(raw).ToArray(),
            OnnxElementType.Int32 => MemoryMarshal.Cast<byte, int>(raw).ToArray().Select(v => (long)v).ToArray(),
            OnnxElementType.UInt32 => MemoryMarshal.Cast<byte, uint>(raw).ToArray().Select(v => (long)v).ToArray(),
            OnnxElementType.Int16 => MemoryMarshal.Cast<byte, short>(raw).ToArray().Select(v => (long)v).ToArray(),
            OnnxElementType.UInt16 => MemoryMarshal.Cast<byte, ushort>(raw).ToArray().Select(v => (long)v).ToArray(),
            OnnxElementType.Int8 => raw.Select(v => (long)(sbyte)v).ToArray(),
            OnnxElementType.UInt8 or OnnxElementType.Bool => raw.Select(v => (long)v).ToArray(),
            OnnxElementType.UInt64 => MemoryMarshal.Cast<byte, ulong>(raw).ToArray().Select(v => checked((long)v)).ToArray(),
            _ => throw new OnnxFormatException($"Tensor '{tensor.Name}' has element type {type}, not an integer type."),
        };
    }

    /// <summary>Makes an f32 tensor proto stored as raw data.</summary>
    public static TensorProto FromFloats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var tensor = new TensorProto { Name = name, DataType = (int)OnnxElementType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return tensor;
    }

    /// <summary>Makes an int64 tensor proto stored as raw data.</summary>
    public static TensorProto FromInt64s(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var tensor = new TensorProto { Name = name, DataType = (int)OnnxElementType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return tensor;
    }

    /// <summary>
    /// Replaces the contents of a floating-point tensor proto with new values, keeping its name, dims and element
    /// type (f16/bf16/f64 initializers are written back in their own type), stored inline as raw data.
    /// </summary>
    public static void ReplaceFloats(TensorProto tensor, ReadOnlySpan<float> values)
    {
        var type = (OnnxElementType)tensor.DataType;
        CheckCount(tensor.Name, values.Length, [.. tensor.Dims]);
        byte[] raw = type switch
        {
            OnnxElementType.Float => MemoryMarshal.AsBytes(values).ToArray(),
            OnnxElementType.Double => MemoryMarshal.AsBytes<double>(values.ToArray().Select(v => (double)v).ToArray()).ToArray(),
            OnnxElementType.Float16 => MemoryMarshal.AsBytes<Half>(values.ToArray().Select(v => (Half)v).ToArray()).ToArray(),
            OnnxElementType.BFloat16 => MemoryMarshal.AsBytes<ushort>(values.ToArray().Select(ToBFloat16).ToArray()).ToArray(),
            _ => throw new OnnxFormatException($"Tensor '{tensor.Name}' has element type {type}, not a floating-point type."),
        };
        tensor.FloatData.Clear();
        tensor.DoubleData.Clear();
        tensor.Int32Data.Clear();
        tensor.ExternalData.Clear();
        tensor.DataLocation = TensorProto.Types.DataLocation.Default;
        tensor.RawData = ByteString.CopyFrom(raw);
    }

    /// <summary>Round-to-nearest-even conversion of an f32 value to bfloat16 bits.</summary>
    public static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return 0x7FC0;
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }

    private static void CheckCount(string name, int actual, long[] dims)
    {
        long expected = dims.Aggregate(1L, (a, d) => a * d);
        if (actual != expected)
        {
            throw new OnnxFormatException(
                $"Tensor '{name}': {actual} values given for shape [{string.Join(",", dims)}], which needs {expected}.");
        }
    }

    private static byte[] FromTypedFields(TensorProto tensor, OnnxElementType type, long count, int size)
    {
        long stored = type switch
        {
            OnnxElementType.Float => tensor.FloatData.Count,
            OnnxElementType.Double => tensor.DoubleData.Count,
            OnnxElementType.Int64 => tensor.Int64Data.Count,
            OnnxElementType.UInt64 or OnnxElementType.UInt32 => tensor.Uint64Data.Count,
            _ => tensor.Int32Data.Count,
        };
        // Sized by what the file holds, not by what its shape claims: huge dims over an empty field must not allocate
        // (the caller reports the mismatch).
        if (stored != count) return new byte[stored * size];
        var bytes = new byte[count * size];
        var span = bytes.AsSpan();
        switch (type)
        {
            case OnnxElementType.Float:
                MemoryMarshal.AsBytes(tensor.FloatData.ToArray().AsSpan()).CopyTo(span);
                break;
            case OnnxElementType.Double:
                MemoryMarshal.AsBytes(tensor.DoubleData.ToArray().AsSpan()).CopyTo(span);
                break;
            case OnnxElementType.Int64:
                MemoryMarshal.AsBytes(tensor.Int64Data.ToArray().AsSpan()).CopyTo(span);
                break;
            case OnnxElementType.UInt64:
                MemoryMarshal.AsBytes(tensor.Uint64Data.ToArray().AsSpan()).CopyTo(span);
                break;
            case OnnxElementType.UInt32:
                for (int i = 0; i < tensor.Uint64Data.Count && i < count; i++)
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(i * 4)..], (uint)tensor.Uint64Data[i]);
                break;
            default:
                // int32, int16, int8, uint16, uint8, bool, float16, bfloat16: one int32 per element, holding the
                // element's bits in its low bytes.
                for (int i = 0; i < count; i++)
                {
                    int v = tensor.Int32Data[i];
                    switch (size)
                    {
                        case 1: span[i] = (byte)v; break;
                        case 2: BinaryPrimitives.WriteUInt16LittleEndian(span[(i * 2)..], (ushort)v); break;
                        default: BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], v); break;
                    }
                }
                break;
        }
        return bytes;
    }

    /// <summary>An external-data offset or length: a non-negative decimal integer that fits in 64 bits.</summary>
    private static long ParseExternalNumber(TensorProto tensor, StringStringEntryProto entry) =>
        long.TryParse(entry.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
            : throw new OnnxFormatException(
                $"Tensor '{tensor.Name}': external data {entry.Key} '{entry.Value}' is not a non-negative integer that fits in 64 bits.");

    private static byte[] ReadExternal(TensorProto tensor, string? modelDirectory, long expected)
    {
        string? location = null;
        long offset = 0;
        long length = -1;
        foreach (var entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location": location = entry.Value; break;
                case "offset": offset = ParseExternalNumber(tensor, entry); break;
                case "length": length = ParseExternalNumber(tensor, entry); break;
            }
        }
        if (location is null)
            throw new OnnxFormatException($"Tensor '{tensor.Name}' is stored externally but names no location.");
        if (modelDirectory is null)
            throw new OnnxFormatException($"Tensor '{tensor.Name}' is stored in external file '{location}', but the model was not loaded from a file.");
        var root = Path.GetFullPath(modelDirectory);
        var path = Path.GetFullPath(Path.Combine(root, location));
        // External data must stay inside the model's folder: a crafted model must not read arbitrary files.
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new OnnxFormatException($"Tensor '{tensor.Name}' names external file '{location}' outside the model's folder.");
        if (!File.Exists(path))
            throw new OnnxFormatException($"Tensor '{tensor.Name}': external data file '{path}' does not exist.");
        if (length < 0) length = expected;
        using var stream = File.OpenRead(path);
        // Compared without adding, so that a huge offset cannot overflow past the check (found by fuzzing).
        if (length > stream.Length || offset > stream.Length - length)
        {
            throw new OnnxFormatException(
                $"Tensor '{tensor.Name}': external data at offset {offset}, length {length} lies outside '{path}' ({stream.Length} bytes).");
        }
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }
}
