using Atlas.Engine.Onnx;

namespace Atlas.Engine.Composition;

/// <summary>
/// Groups initializers into layers by the graph node that consumes them (a Conv node's weight and bias form one
/// layer). An initializer consumed by several nodes belongs to the first in graph order.
/// </summary>
public static class LayerGrouping
{
    /// <summary>Returns a function from initializer name to layer key (the consuming node's name, or its op type and index when unnamed).</summary>
    public static Func<string, string> FromGraph(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var node in model.Proto.Graph.Node)
        {
            var key = string.IsNullOrEmpty(node.Name) ? $"{node.OpType}_{index}" : node.Name;
            foreach (var input in node.Input) layerOf.TryAdd(input, key);
            index++;
        }
        return name => layerOf.TryGetValue(name, out var layer) ? layer : name;
    }
}
