using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace Atlas.Engine.Safetensors;

/// <summary>
/// A safetensors file opened for reading through a read-only memory map, with its header validated up front
/// (see <see cref="SafetensorsHeaderParser"/>): tensor bytes are read from the page cache and converted to f32 once,
/// straight into the caller's destination, never copied whole into managed memory first.
/// </summary>
/// <remarks>The instance owns the map; dispose it. Tensors returned by <see cref="ReadTensor"/> are independent copies.</remarks>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>Largest header accepted (100 MB), so a corrupt length cannot make the reader allocate gigabytes.</summary>
    public const long MaxHeaderLength = 100L * 1024 * 1024;

    private const int ChunkElements = 1 << 20;

    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;
    private bool _disposed;

    private SafetensorsFile(string path, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer, long dataStart,
        List<SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        FilePath = path;
        _map = map;
        _view = view;
        _base = pointer;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The file that was opened.</summary>
    public string FilePath { get; }

    /// <summary>Tensor entries in header order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens and validates a file; every violation of the format throws <see cref="SafetensorsFormatException"/>.</summary>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FloatConversion.EnsureLittleEndian();
        if (!File.Exists(path)) throw new SafetensorsFormatException($"Safetensors file '{path}' does not exist.");
        long length = new FileInfo(path).Length;
        if (length < 8)
            throw SafetensorsHeaderParser.Fail(path, null, $"the file is {length} bytes long, shorter than the 8-byte header length");
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        byte* pointer = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(pointer, 8));
            if (headerLength > MaxHeaderLength)
                throw SafetensorsHeaderParser.Fail(path, null, $"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
            if ((long)headerLength > length - 8)
                throw SafetensorsHeaderParser.Fail(path, null, $"the header length {headerLength} reaches past the end of the {length}-byte file");
            var json = new ReadOnlySpan<byte>(pointer + 8, (int)headerLength).ToArray();
            long dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = SafetensorsHeaderParser.Parse(json, length - dataStart, path);
            return new SafetensorsFile(path, map, view, pointer, dataStart, tensors, metadata);
        }
        catch (Exception e) when (e is not SafetensorsFormatException)
        {
            Release(view, map, pointer is not null);
            throw new SafetensorsFormatException($"Safetensors file '{path}' cannot be read: {e.Message}", e);
        }
        catch
        {
            Release(view, map, pointer is not null);
            throw;
        }
    }

    /// <summary>True when the file holds a tensor of that name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry of one tensor; throws naming the file and the tensor when absent.</summary>
    public SafetensorsTensorInfo GetInfo(string name) =>
        _byName.TryGetValue(name, out var info) ? info
            : throw new SafetensorsFormatException($"Safetensors file '{FilePath}' has no tensor named '{name}'.");

    /// <summary>Reads a floating-point tensor as f32 into <paramref name="destination"/> (its length must equal the element count).</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        var info = RequireFloat(name);
        if (destination.Length != info.ElementCount)
            throw new ArgumentException($"Tensor '{name}' has {info.ElementCount} elements; the destination holds {destination.Length}.", nameof(destination));
        fixed (float* target = destination)
        {
            Convert(info, target);
        }
    }

    /// <summary>Reads a floating-point tensor as a new f32 array.</summary>
    public float[] ReadFloat32(string name)
    {
        var info = RequireFloat(name);
        if (info.ElementCount > Array.MaxLength)
            throw new SafetensorsFormatException($"Safetensors file '{FilePath}', tensor '{name}': {info.ElementCount} elements do not fit in one array; use ReadTensor.");
        var values = new float[info.ElementCount];
        ReadFloat32(name, values);
        return values;
    }

    /// <summary>
    /// Reads a floating-point tensor as a new contiguous f32 CPU tensor with the stored shape, converting straight from
    /// the map into the tensor's memory (the only copy). The caller owns it; like any new tensor it is registered with
    /// the current dispose scope, if any.
    /// </summary>
    public torch.Tensor ReadTensor(string name)
    {
        var info = RequireFloat(name);
        var tensor = TorchNative.Empty(info.Shape, torch.ScalarType.Float32, out var target);
        try
        {
            Convert(info, (float*)target);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>The stored bytes of a tensor (any dtype), valid until the file is disposed. At most 2 GB.</summary>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        var info = GetInfo(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (info.ByteLength > int.MaxValue)
            throw new SafetensorsFormatException($"Safetensors file '{FilePath}', tensor '{name}': {info.ByteLength} bytes exceed one span.");
        return new ReadOnlySpan<byte>(_base + _dataStart + info.Begin, (int)info.ByteLength);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Release(_view, _map, _base is not null);
    }

    private SafetensorsTensorInfo RequireFloat(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = GetInfo(name);
        if (!SafetensorsDTypes.IsFloatingPoint(info.DType))
        {
            throw new SafetensorsFormatException(
                $"Safetensors file '{FilePath}', tensor '{name}': dtype {SafetensorsDTypes.ToHeaderName(info.DType)} is not a floating-point type.");
        }
        return info;
    }

    private void Convert(SafetensorsTensorInfo info, float* target)
    {
        int size = SafetensorsDTypes.SizeOf(info.DType);
        byte* source = _base + _dataStart + info.Begin;
        for (long done = 0; done < info.ElementCount; done += ChunkElements)
        {
            int count = (int)Math.Min(ChunkElements, info.ElementCount - done);
            FloatConversion.ToFloat32(new ReadOnlySpan<byte>(source + done * size, count * size), info.DType, new Span<float>(target + done, count));
        }
    }

    private static void Release(MemoryMappedViewAccessor? view, MemoryMappedFile? map, bool pointerAcquired)
    {
        if (view is not null)
        {
            if (pointerAcquired) view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
        }
        map?.Dispose();
    }
}
