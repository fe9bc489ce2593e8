using Atlas.Engine.Onnx;

namespace Atlas.Engine.Experiments;

/// <summary>Finds the classifier head: the float initializers of the last Gemm (or MatMul/Add) node (the linear-probe baseline).</summary>
public static class HeadParameters
{
    /// <summary>Initializer names of the last linear layer, e.g. <c>fc.weight</c> and <c>fc.bias</c>.</summary>
    /// <exception cref="InvalidOperationException">The graph has no linear layer with initializer weights.</exception>
    public static IReadOnlyList<string> Find(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var floats = model.Initializers.Where(i => i.IsFloatingPoint).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var nodes = model.Proto.Graph.Node;
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            if (node.OpType is not ("Gemm" or "MatMul")) continue;
            var names = node.Input.Where(floats.Contains).ToList();
            if (node.OpType == "MatMul")
            {
                var add = nodes.Skip(i + 1).FirstOrDefault(n => n.OpType == "Add" && n.Input.Contains(node.Output[0]));
                if (add is not null) names.AddRange(add.Input.Where(floats.Contains));
            }
            if (names.Count > 0) return names;
        }
        throw new InvalidOperationException("The model has no Gemm or MatMul layer with initializer weights to probe.");
    }
}
