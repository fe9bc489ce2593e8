using System.Buffers.Binary;
using System.Text;

namespace Atlas.Engine.Tests.Safetensors;

/// <summary>Builds safetensors bytes by hand, following the specification, independently of the writer under test.</summary>
internal static class SafetensorsFixtures
{
    /// <summary>8-byte little-endian header length, the header text as UTF-8, then the data bytes.</summary>
    public static byte[] Assemble(string headerJson, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    public static byte[] LittleEndianFloats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] LittleEndianUInt16s(params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        return bytes;
    }

    /// <summary>
    /// A valid file: "a" F32 [2] = {1.5, -2}, "b" F16 [1,2] = {1, -2} (0x3C00, 0xC000), "c" BF16 [2] = {1.5, -0.5}
    /// (0x3FC0, 0xBF00), and metadata scale = "0.5".
    /// </summary>
    public static byte[] SmallValidFile()
    {
        const string header =
            "{\"__metadata__\":{\"scale\":\"0.5\"}," +
            "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
            "\"b\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[8,12]}," +
            "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]}}";
        var data = LittleEndianFloats(1.5f, -2f)
            .Concat(LittleEndianUInt16s(0x3C00, 0xC000))
            .Concat(LittleEndianUInt16s(0x3FC0, 0xBF00)).ToArray();
        return Assemble(header, data);
    }
}
