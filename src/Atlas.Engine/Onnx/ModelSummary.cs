namespace Atlas.Engine.Onnx;

/// <summary>
/// What <c>atlas model inspect</c> reports about a model: its interface (inputs, outputs, opset), its metadata, how
/// many nodes of each op type it has, and its initializers with their parameter counts. Plain data, so the CLI can
/// print it as text or serialise it as JSON without further logic.
/// </summary>
/// <param name="Path">File the model came from, or null for an in-memory model.</param>
/// <param name="Opset">Default-domain opset.</param>
/// <param name="IrVersion">ONNX IR version.</param>
/// <param name="Producer">Producer name and version, e.g. <c>pytorch 2.5.1</c>.</param>
/// <param name="Inputs">Graph inputs that are not initializers.</param>
/// <param name="Outputs">Graph outputs.</param>
/// <param name="Metadata">Metadata properties.</param>
/// <param name="OpHistogram">Node count per op type (domain-qualified when not the default domain), most frequent first.</param>
/// <param name="NodeCount">Total nodes in the main graph.</param>
/// <param name="Initializers">Every initializer in file order.</param>
/// <param name="TotalParameters">Sum of the element counts of the floating-point initializers.</param>
public sealed record ModelSummary(
    string? Path,
    long Opset,
    long IrVersion,
    string Producer,
    IReadOnlyList<OnnxTensorInfo> Inputs,
    IReadOnlyList<OnnxTensorInfo> Outputs,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<KeyValuePair<string, int>> OpHistogram,
    int NodeCount,
    IReadOnlyList<InitializerSummary> Initializers,
    long TotalParameters)
{
    /// <summary>Summarises a loaded model.</summary>
    public static ModelSummary From(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var nodes = model.Proto.Graph.Node;
        var histogram = nodes
            .GroupBy(n => string.IsNullOrEmpty(n.Domain) || n.Domain == "ai.onnx" ? n.OpType : $"{n.Domain}.{n.OpType}", StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();
        var initializers = model.Initializers
            .Select(i => new InitializerSummary(i.Name, i.ElementType, i.Shape, i.ElementCount, i.IsFloatingPoint))
            .ToArray();
        var producer = $"{model.Proto.ProducerName} {model.Proto.ProducerVersion}".Trim();
        return new ModelSummary(
            model.FilePath, model.Opset, model.Proto.IrVersion, producer, model.Inputs, model.Outputs, model.Metadata,
            histogram, nodes.Count, initializers, initializers.Where(i => i.IsParameter).Sum(i => i.ElementCount));
    }
}
