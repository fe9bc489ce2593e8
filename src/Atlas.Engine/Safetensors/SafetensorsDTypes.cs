namespace Atlas.Engine.Safetensors;

/// <summary>Header spelling, element size and kind of each <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(SafetensorsDType type) => type switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        SafetensorsDType.I8 or SafetensorsDType.U8 or SafetensorsDType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a safetensors element type."),
    };

    /// <summary>The spelling used in the JSON header, e.g. <c>"BF16"</c>.</summary>
    public static string ToHeaderName(SafetensorsDType type) => type switch
    {
        SafetensorsDType.Bool => "BOOL",
        _ => type.ToString(),
    };

    /// <summary>Parses a header spelling; false for anything the specification does not name or Atlas does not read.</summary>
    public static bool TryParseHeaderName(string? text, out SafetensorsDType type)
    {
        switch (text)
        {
            case "F32": type = SafetensorsDType.F32; return true;
            case "F16": type = SafetensorsDType.F16; return true;
            case "BF16": type = SafetensorsDType.BF16; return true;
            case "F64": type = SafetensorsDType.F64; return true;
            case "I64": type = SafetensorsDType.I64; return true;
            case "I32": type = SafetensorsDType.I32; return true;
            case "I16": type = SafetensorsDType.I16; return true;
            case "I8": type = SafetensorsDType.I8; return true;
            case "U8": type = SafetensorsDType.U8; return true;
            case "BOOL": type = SafetensorsDType.Bool; return true;
            default: type = default; return false;
        }
    }

    /// <summary>True for the types <see cref="SafetensorsFile.ReadFloat32(string)"/> can convert to f32.</summary>
    public static bool IsFloatingPoint(SafetensorsDType type) =>
        type is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64;
}
