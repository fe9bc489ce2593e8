using Atlas.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Inference;

/// <summary>
/// The native views of composed weights handed to <see cref="SessionOptions.AddInitializer"/> in
/// <see cref="InferenceWeightMode.SharedInitializers"/> mode. Each
/// <see cref="OrtValue"/> pins its managed array, which ONNX Runtime reads in place, so this object must live
/// exactly as long as the session built from it; <see cref="ServedModel"/> owns it and disposes it right after
/// the session.
/// </summary>
internal sealed class InitializerBuffers : IDisposable
{
    private readonly List<OrtValue> _values = [];
    private readonly InferenceHostMetrics _metrics;
    private bool _disposed;

    private InitializerBuffers(InferenceHostMetrics metrics) => _metrics = metrics;

    public int Count => _values.Count;

    /// <summary>No buffers: composed weights were baked into the model bytes.</summary>
    public static InitializerBuffers None(InferenceHostMetrics metrics) => new(metrics);

    /// <summary>
    /// Creates one pinned tensor per override, converted to the initializer's element type, and adds it to
    /// <paramref name="options"/>. The overrides must already be validated.
    /// </summary>
    public static InitializerBuffers Attach(SessionOptions options, OnnxModel model, IReadOnlyDictionary<string, float[]> overrides, InferenceHostMetrics metrics)
    {
        var buffers = new InitializerBuffers(metrics);
        try
        {
            foreach (var (name, values) in overrides)
            {
                var info = model.GetInitializerInfo(name);
                var value = Create(info, values);
                buffers._values.Add(value);
                metrics.BuffersCreated(1);
                options.AddInitializer(name, value);
            }
            return buffers;
        }
        catch
        {
            buffers.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var value in _values) value.Dispose();
        _metrics.BuffersReleased(_values.Count);
        _values.Clear();
    }

    private static OrtValue Create(OnnxTensorInfo info, float[] values) => info.ElementType switch
    {
        OnnxElementType.Float => OrtValue.CreateTensorValueFromMemory(values, info.Shape),
        OnnxElementType.Double => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(values, v => (double)v), info.Shape),
        OnnxElementType.Float16 => OrtValue.CreateTensorValueFromMemory(
            Array.ConvertAll(values, v => new Float16(BitConverter.HalfToUInt16Bits((Half)v))), info.Shape),
        OnnxElementType.BFloat16 => OrtValue.CreateTensorValueFromMemory(
            Array.ConvertAll(values, v => new BFloat16(OnnxTensorCodec.ToBFloat16(v))), info.Shape),
        _ => throw new InferenceException($"Initializer '{info.Name}' has element type {info.ElementType}, which composed weights cannot replace."),
    };

}
