using Atlas.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Atlas.Engine.Execution;

/// <summary>Runs a model with ONNX Runtime (CPU, default optimisations) and returns its outputs as f64 arrays by name.</summary>
internal static class OrtReference
{
    public static Dictionary<string, double[]> Run(OnnxModel model, IReadOnlyDictionary<string, (long[] Shape, float[] Values)> feeds)
    {
        // A model loaded from a file runs from that file, so external data resolves as ORT expects.
        using var session = model.FilePath is not null ? new InferenceSession(model.FilePath) : new InferenceSession(model.ToBytes());
        var names = feeds.Keys.ToArray();
        var values = names.Select(n => OrtValue.CreateTensorValueFromMemory(feeds[n].Values, feeds[n].Shape)).ToArray();
        try
        {
            var outputNames = session.OutputNames.ToArray();
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, names, values, outputNames);
            var map = new Dictionary<string, double[]>(StringComparer.Ordinal);
            for (int i = 0; i < outputNames.Length; i++)
            {
                var type = results[i].GetTensorTypeAndShape().ElementDataType;
                map[outputNames[i]] = type switch
                {
                    TensorElementType.Float => [.. results[i].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)],
                    TensorElementType.Double => results[i].GetTensorDataAsSpan<double>().ToArray(),
                    TensorElementType.Int64 => [.. results[i].GetTensorDataAsSpan<long>().ToArray().Select(v => (double)v)],
                    TensorElementType.Int32 => [.. results[i].GetTensorDataAsSpan<int>().ToArray().Select(v => (double)v)],
                    TensorElementType.Bool => [.. results[i].GetTensorDataAsSpan<bool>().ToArray().Select(v => v ? 1.0 : 0.0)],
                    _ => throw new GraphExecutionException($"Output '{outputNames[i]}' has element type {type}, which model verification does not compare."),
                };
            }
            return map;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
