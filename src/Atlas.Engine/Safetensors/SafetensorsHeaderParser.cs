using System.Text.Json;

namespace Atlas.Engine.Safetensors;

/// <summary>
/// Parses and validates the JSON header of a safetensors file: every entry is an object with exactly
/// <c>dtype</c>, <c>shape</c> and <c>data_offsets</c>; offsets lie inside the data section, agree with
/// dtype × shape and do not overlap; <c>__metadata__</c>, when present, maps strings to strings.
/// </summary>
internal static class SafetensorsHeaderParser
{
    public const string MetadataKey = "__metadata__";

    public static (List<SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata) Parse(
        ReadOnlyMemory<byte> json, long dataLength, string file)
    {
        if (json.Length == 0 || json.Span[0] != (byte)'{')
            throw Fail(file, null, "the header does not start with '{' (it must be a JSON object)");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"Safetensors file '{file}': the header is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Fail(file, null, "the header is not a JSON object");
            var tensors = new List<SafetensorsTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Fail(file, property.Name, "the key appears twice in the header");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, file);
                else
                    tensors.Add(ReadTensor(property.Name, property.Value, dataLength, file));
            }
            CheckOverlaps(tensors, file);
            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(file, MetadataKey, "__metadata__ must be an object mapping strings to strings");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Fail(file, MetadataKey, $"metadata value of '{entry.Name}' is a {entry.Value.ValueKind}, not a string");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw Fail(file, MetadataKey, $"metadata key '{entry.Name}' appears twice");
        }
    }

    private static SafetensorsTensorInfo ReadTensor(string name, JsonElement value, long dataLength, string file)
    {
        if (name.Length == 0) throw Fail(file, name, "a tensor has an empty name");
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(file, name, $"the entry is a {value.ValueKind}, not an object with dtype, shape and data_offsets");
        string? dtypeText = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeText is null:
                    dtypeText = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()
                        : throw Fail(file, name, "dtype is not a string");
                    break;
                case "shape" when shape is null:
                    shape = ReadNonNegativeIntegers(field.Value, file, name, "shape");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadNonNegativeIntegers(field.Value, file, name, "data_offsets");
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Fail(file, name, $"the field '{field.Name}' appears twice");
                default:
                    throw Fail(file, name, $"unknown field '{field.Name}' (expected dtype, shape, data_offsets)");
            }
        }
        if (dtypeText is null) throw Fail(file, name, "dtype is missing");
        if (shape is null) throw Fail(file, name, "shape is missing");
        if (offsets is null) throw Fail(file, name, "data_offsets is missing");
        if (!SafetensorsDTypes.TryParseHeaderName(dtypeText, out var dtype))
            throw Fail(file, name, $"unsupported dtype '{dtypeText}' (supported: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)");
        if (offsets.Length != 2)
            throw Fail(file, name, $"data_offsets has {offsets.Length} values, expected [begin, end]");
        long begin = offsets[0], end = offsets[1];
        if (end < begin) throw Fail(file, name, $"data_offsets [{begin}, {end}] end before they begin");
        if (end > dataLength)
            throw Fail(file, name, $"data_offsets [{begin}, {end}] reach past the end of the data section ({dataLength} bytes)");
        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (a, d) => checked(a * d)) * SafetensorsDTypes.SizeOf(dtype));
        }
        catch (OverflowException)
        {
            throw Fail(file, name, $"shape [{string.Join(",", shape)}] has more elements than a file can hold");
        }
        if (end - begin != expected)
        {
            throw Fail(file, name,
                $"data_offsets [{begin}, {end}] span {end - begin} bytes, but dtype {dtypeText} and shape " +
                $"[{string.Join(",", shape)}] need {expected}");
        }
        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] ReadNonNegativeIntegers(JsonElement value, string file, string tensor, string field)
    {
        if (value.ValueKind != JsonValueKind.Array) throw Fail(file, tensor, $"{field} is not an array");
        var result = new long[value.GetArrayLength()];
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var n))
                throw Fail(file, tensor, $"{field}[{i}] is not an integer that fits in 64 bits");
            if (n < 0) throw Fail(file, tensor, $"{field}[{i}] is negative ({n})");
            result[i++] = n;
        }
        return result;
    }

    private static void CheckOverlaps(List<SafetensorsTensorInfo> tensors, string file)
    {
        SafetensorsTensorInfo? previous = null;
        foreach (var tensor in tensors.Where(t => t.End > t.Begin).OrderBy(t => t.Begin))
        {
            if (previous is not null && tensor.Begin < previous.End)
            {
                throw Fail(file, tensor.Name,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] overlap those of '{previous.Name}' [{previous.Begin}, {previous.End}]");
            }
            previous = tensor;
        }
    }

    internal static SafetensorsFormatException Fail(string file, string? tensor, string what) =>
        new(tensor is null
            ? $"Safetensors file '{file}': {what}."
            : $"Safetensors file '{file}', tensor '{tensor}': {what}.");
}
