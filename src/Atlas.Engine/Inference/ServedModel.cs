using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Inference;

/// <summary>
/// One published model: an ONNX Runtime session with its session options and the pinned override buffers it
/// reads, plus what it was built from. Reference counted: the host holds one reference while the model is
/// current, and every request leases one for the duration of its run. When the count reaches zero the session is
/// disposed, then the options and buffers (which must outlive it), exactly once.
/// </summary>
internal sealed class ServedModel : IDisposable
{
    private static readonly string[] NoOutputs = [];
    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly InitializerBuffers _buffers;
    private readonly RunOptions _runOptions = new();
    private readonly InferenceHostMetrics _metrics;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private int _references = 1;

    public ServedModel(InferenceSession session, SessionOptions sessionOptions, InitializerBuffers buffers,
        ModelSignature signature, ServedModelInfo info, InferenceHostMetrics metrics)
    {
        _session = session;
        _sessionOptions = sessionOptions;
        _buffers = buffers;
        Signature = signature;
        Info = info;
        _metrics = metrics;
        _inputNames = [signature.InputName];
        _outputNames = signature.OutputNames.Length > 0 ? [signature.OutputNames[0]] : NoOutputs;
        metrics.ModelCreated();
    }

    public ModelSignature Signature { get; }

    public ServedModelInfo Info { get; set; }

    public string Version => Info.Version;

    /// <summary>True once the last reference is released and the native resources are gone.</summary>
    public bool IsDisposed => Volatile.Read(ref _references) <= 0;

    /// <summary>Takes a reference unless the model is already disposed (a request that lost a race with a swap).</summary>
    public bool TryLease()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current <= 0) return false;
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return true;
        }
    }

    /// <summary>Drops a reference; the last one disposes the session and its buffers.</summary>
    public void Release()
    {
        var remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0) DisposeNative();
        else if (remaining < 0) throw new InvalidOperationException($"Model version '{Version}' was released more often than leased.");
    }

    /// <summary>Drops the owner's reference (the one the constructor took).</summary>
    public void Dispose() => Release();

    /// <summary>
    /// Runs <paramref name="count"/> samples laid out contiguously in <paramref name="input"/> and writes one logits
    /// array per sample into <paramref name="logits"/>. Caller must hold a lease.
    /// </summary>
    public void Run(ReadOnlyMemory<float> input, int count, Span<float[]> logits)
    {
        var sampleLength = Signature.SampleLength;
        if (input.Length != count * sampleLength)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Expected {count} samples of {sampleLength} values ({count * sampleLength}) for input '{Signature.InputName}' {ShapeText(count)}, got {input.Length} values."), nameof(input));
        if (!Signature.DynamicBatch)
        {
            for (var i = 0; i < count; i++)
                RunChunk(input.Slice(i * sampleLength, sampleLength), 1, logits.Slice(i, 1));
            return;
        }
        RunChunk(input, count, logits);
    }

    private void RunChunk(ReadOnlyMemory<float> input, int count, Span<float[]> logits)
    {
        var shape = new long[Signature.SampleShape.Length + 1];
        shape[0] = count;
        Signature.SampleShape.CopyTo(shape, 1);
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(input), shape);
        using var outputs = _session.Run(_runOptions, _inputNames, [value], _outputNames);
        var data = outputs[0].GetTensorDataAsSpan<float>();
        if (data.Length % count != 0)
            throw new InferenceException(string.Create(CultureInfo.InvariantCulture,
                $"Output '{_outputNames[0]}' of model version '{Version}' has {data.Length} values for a batch of {count}."));
        var perSample = data.Length / count;
        for (var i = 0; i < count; i++)
            logits[i] = data.Slice(i * perSample, perSample).ToArray();
    }

    private string ShapeText(int count) => "[" + count.ToString(CultureInfo.InvariantCulture) + "," +
        string.Join(",", Signature.SampleShape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private void DisposeNative()
    {
        // The session first: the buffers it reads in place, and the options it was built with, must outlive it.
        _session.Dispose();
        _runOptions.Dispose();
        _sessionOptions.Dispose();
        _buffers.Dispose();
        _metrics.ModelDisposed();
    }
}
