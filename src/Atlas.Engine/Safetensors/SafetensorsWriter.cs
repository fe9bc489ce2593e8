using System.Buffers.Binary;
using System.Text.Json;

namespace Atlas.Engine.Safetensors;

/// <summary>
/// Writes safetensors files: tensors sorted by name (ordinal) and laid out back to back in that order, the JSON header
/// padded with spaces so the data section starts on an 8-byte boundary, written to a temporary file in the same
/// folder and renamed into place so a reader never sees half a file.
/// </summary>
public static class SafetensorsWriter
{
    private const int ChunkElements = 1 << 20;

    /// <summary>Writes <paramref name="tensors"/> (floating-point dtypes) and optional metadata to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(tensors);
        FloatConversion.EnsureLittleEndian();
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        Validate(sorted, path);
        var header = BuildHeader(sorted, metadata);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var tensor in sorted) WriteData(stream, tensor);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static void Validate(List<SafetensorsTensor> tensors, string path)
    {
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            if (string.IsNullOrEmpty(t.Name) || t.Name == SafetensorsHeaderParser.MetadataKey)
                throw new ArgumentException($"Cannot write '{path}': tensor name '{t.Name}' is empty or reserved.", nameof(tensors));
            if (i > 0 && tensors[i - 1].Name == t.Name)
                throw new ArgumentException($"Cannot write '{path}': two tensors are named '{t.Name}'.", nameof(tensors));
            if (!SafetensorsDTypes.IsFloatingPoint(t.DType))
                throw new ArgumentException($"Cannot write '{path}': tensor '{t.Name}' asks for dtype {t.DType}; only floating-point types are written from f32 values.", nameof(tensors));
            if (t.Shape.Any(d => d < 0))
                throw new ArgumentException($"Cannot write '{path}': tensor '{t.Name}' has a negative dimension in [{string.Join(",", t.Shape)}].", nameof(tensors));
            if (t.ElementCount != t.Values.Length)
                throw new ArgumentException($"Cannot write '{path}': tensor '{t.Name}' has {t.Values.Length} values for shape [{string.Join(",", t.Shape)}] ({t.ElementCount} elements).", nameof(tensors));
        }
    }

    private static byte[] BuildHeader(List<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsHeaderParser.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in tensors)
            {
                long bytes = t.ElementCount * SafetensorsDTypes.SizeOf(t.DType);
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", SafetensorsDTypes.ToHeaderName(t.DType));
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - (buffer.Length % 8)) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteData(Stream stream, SafetensorsTensor tensor)
    {
        int size = SafetensorsDTypes.SizeOf(tensor.DType);
        var chunk = new byte[Math.Min(tensor.Values.Length, ChunkElements) * size];
        for (int done = 0; done < tensor.Values.Length; done += ChunkElements)
        {
            int count = Math.Min(ChunkElements, tensor.Values.Length - done);
            FloatConversion.FromFloat32(tensor.Values.Span.Slice(done, count), tensor.DType, chunk);
            stream.Write(chunk, 0, count * size);
        }
    }
}
