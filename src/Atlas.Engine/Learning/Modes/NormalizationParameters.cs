using Atlas.Engine.Onnx;

namespace Atlas.Engine.Learning.Modes;

/// <summary>
/// Finds the normalisation scale and bias initializers of a model: what TENT adapts (the norm-affine baseline).
/// </summary>
/// <remarks>
/// Recognised: the scale/bias inputs of LayerNormalization, BatchNormalization and InstanceNormalization, and
/// GroupNorm as PyTorch exports it (InstanceNormalization → Reshape → Mul(γ) → Add(β)): the initializer operands of the
/// Mul and Add that follow an InstanceNormalization through an optional Reshape.
/// </remarks>
public static class NormalizationParameters
{
    /// <summary>Names of float initializers that scale or shift normalised activations, in model order.</summary>
    public static IReadOnlyList<string> Find(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Proto.Graph;
        var floatInitializers = model.Initializers.Where(i => i.IsFloatingPoint).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = graph.Node
            .SelectMany(n => n.Input.Select(input => (input, node: n)))
            .ToLookup(p => p.input, p => p.node, StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);

        foreach (var node in graph.Node)
        {
            switch (node.OpType)
            {
                case "LayerNormalization" or "BatchNormalization" or "InstanceNormalization":
                    foreach (var input in node.Input.Skip(1).Take(2)) found.Add(input);
                    if (node.OpType == "InstanceNormalization") AddGroupNormAffine(node.Output[0]);
                    break;
            }
        }
        return model.Initializers.Select(i => i.Name).Where(n => found.Contains(n) && floatInitializers.Contains(n)).ToArray();

        void AddGroupNormAffine(string normalised)
        {
            var current = normalised;
            var next = consumers[current].FirstOrDefault();
            if (next?.OpType == "Reshape")
            {
                current = next.Output[0];
                next = consumers[current].FirstOrDefault();
            }
            if (next?.OpType != "Mul") return;
            foreach (var input in next.Input.Where(i => i != current && floatInitializers.Contains(i))) found.Add(input);
            var add = consumers[next.Output[0]].FirstOrDefault();
            if (add?.OpType == "Add")
                foreach (var input in add.Input.Where(i => i != next.Output[0] && floatInitializers.Contains(i))) found.Add(input);
        }
    }
}
