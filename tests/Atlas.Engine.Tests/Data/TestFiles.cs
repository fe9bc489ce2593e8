using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Atlas.Engine.Tests.Data;

/// <summary>Writes IDX and NumPy files byte by byte, following the published formats, so readers are tested against the spec.</summary>
internal static class TestFiles
{
    /// <summary>An IDX file: 00 00, type code, rank, big-endian dims, then big-endian elements.</summary>
    public static byte[] Idx(byte typeCode, int[] shape, byte[] elements)
    {
        var header = new byte[4 + (4 * shape.Length)];
        header[2] = typeCode;
        header[3] = (byte)shape.Length;
        for (var i = 0; i < shape.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), shape[i]);
        }
        return [.. header, .. elements];
    }

    public static byte[] IdxInt32Labels(int[] labels)
    {
        var elements = new byte[labels.Length * 4];
        for (var i = 0; i < labels.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(elements.AsSpan(4 * i), labels[i]);
        }
        return Idx(0x0C, [labels.Length], elements);
    }

    /// <summary>A version 1.0 .npy file with the given header dict text, padded to a multiple of 64 bytes like numpy does.</summary>
    public static byte[] Npy(string descr, int[] shape, byte[] elements, bool fortranOrder = false)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        return NpyWithHeader(dict, elements);
    }

    public static byte[] NpyWithHeader(string dict, byte[] elements)
    {
        var unpadded = 10 + dict.Length + 1;
        var padding = (64 - (unpadded % 64)) % 64;
        var header = dict + new string(' ', padding) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add(1);
        bytes.Add(0);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        bytes.AddRange(length);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(elements);
        return [.. bytes];
    }

    public static byte[] LittleEndianFloats(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }
        return bytes;
    }

    public static byte[] LittleEndianInt32(int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        }
        return bytes;
    }

    public static byte[] LittleEndianInt64(long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        }
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
