using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Atlas.Engine.Data;

/// <summary>
/// Parses NumPy <c>.npy</c> files (format versions 1–3): the magic string <c>\x93NUMPY</c>, a version, a header length
/// and a Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, then the raw elements. Only
/// little-endian (or byte-sized) numeric dtypes in C order are accepted.
/// </summary>
internal static partial class NpyParser
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static bool LooksLikeNpy(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    public static RawArray Parse(string path, byte[] bytes)
    {
        if (!LooksLikeNpy(bytes))
        {
            throw new DataFormatException($"NumPy file '{path}': bad magic string at offset 0: expected \\x93NUMPY.");
        }
        if (bytes.Length < 10)
        {
            throw new DataFormatException($"NumPy file '{path}': truncated header ({bytes.Length} bytes).");
        }
        int major = bytes[6];
        int headerStart;
        long headerLength;
        switch (major)
        {
            case 1:
                headerStart = 10;
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
                break;
            case 2 or 3 when bytes.Length >= 12:
                headerStart = 12;
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4));
                break;
            case 2 or 3:
                throw new DataFormatException($"NumPy file '{path}': truncated header ({bytes.Length} bytes).");
            default:
                throw new DataFormatException($"NumPy file '{path}': unsupported format version {major}.{bytes[7]} at offset 6 (1.x, 2.x and 3.x are supported).");
        }
        if (headerStart + headerLength > bytes.Length)
        {
            throw new DataFormatException(
                $"NumPy file '{path}': truncated header: the header length field at offset 8 says {headerLength} bytes, " +
                $"only {bytes.Length - headerStart} follow.");
        }
        var header = Encoding.UTF8.GetString(bytes, headerStart, (int)headerLength);
        var (elementType, fortranOrder, shape) = ParseHeader(path, header);
        if (fortranOrder)
        {
            throw new DataFormatException(
                $"NumPy file '{path}': header field 'fortran_order' is True; only C-order arrays are supported (save with np.ascontiguousarray).");
        }
        var dataOffset = headerStart + (int)headerLength;
        var expected = shape.Aggregate(1L, (a, d) => a * d) * ElementTypes.SizeOf(elementType);
        var actual = bytes.Length - dataOffset;
        if (actual < expected)
        {
            throw new DataFormatException(
                $"NumPy file '{path}': truncated data: shape ({string.Join(", ", shape)}) of {elementType} needs {expected} bytes after " +
                $"offset {dataOffset}, the file has {actual}.");
        }
        return new RawArray(path, "NumPy", shape, elementType, bigEndian: false, bytes, dataOffset);
    }

    private static (ElementType Type, bool FortranOrder, int[] Shape) ParseHeader(string path, string header)
    {
        var descr = DescrPattern().Match(header);
        if (!descr.Success)
        {
            throw new DataFormatException($"NumPy file '{path}': header has no simple 'descr' field (structured dtypes are not supported): {header.Trim()}");
        }
        var fortran = FortranPattern().Match(header);
        if (!fortran.Success)
        {
            throw new DataFormatException($"NumPy file '{path}': header has no 'fortran_order' field: {header.Trim()}");
        }
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success)
        {
            throw new DataFormatException($"NumPy file '{path}': header has no 'shape' tuple: {header.Trim()}");
        }
        var shape = new List<int>();
        foreach (var part in shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var dim))
            {
                throw new DataFormatException($"NumPy file '{path}': header field 'shape' has a bad dimension '{part}': {header.Trim()}");
            }
            shape.Add(dim);
        }
        return (ToElementType(path, descr.Groups[1].Value), fortran.Groups[1].Value == "True", shape.ToArray());
    }

    private static ElementType ToElementType(string path, string descr)
    {
        var hasOrder = descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=';
        var byteOrder = hasOrder ? descr[0] : '|';
        var code = hasOrder ? descr[1..] : descr;
        ElementType? type = code switch
        {
            "u1" => ElementType.UInt8,
            "i1" => ElementType.Int8,
            "i2" => ElementType.Int16,
            "i4" => ElementType.Int32,
            "i8" => ElementType.Int64,
            "f4" => ElementType.Float32,
            "f8" => ElementType.Float64,
            _ => null,
        };
        if (type is null)
        {
            throw new DataFormatException(
                $"NumPy file '{path}': unsupported dtype '{descr}' in header field 'descr' (supported: u1, i1, i2, i4, i8, f4, f8).");
        }
        if (byteOrder == '>' && ElementTypes.SizeOf(type.Value) > 1)
        {
            throw new DataFormatException(
                $"NumPy file '{path}': big-endian dtype '{descr}' in header field 'descr'; only little-endian data is supported (use arr.astype('<{code}')).");
        }
        return type.Value;
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
