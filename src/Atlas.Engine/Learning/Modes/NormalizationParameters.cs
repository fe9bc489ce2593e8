using Atlas.Engine.Onnx;

namespace Atlas.Engine.Learning.Modes;

/// <summary>
/// Finds the normalisation scale and bias initializers of a model: what TENT adapts (the norm-affine baseline).
/// </summary>
/// <remarks>
/// Recognised: the scale/bias inputs of LayerNormalization, BatchNormalization and InstanceNormalization, and
/// GroupNorm as PyTorch exports it (InstanceNormalization → Reshape → Mul(γ) → Add(β)): the initializer operands of the
/// Mul and Add that follow an InstanceNormalization through an optional Reshape, also when γ and β reach them through
/// a shape-only node (Unsqueeze, Reshape, Identity) as in <c>γ.view(C, 1, 1)</c>.
/// </remarks>
public static class NormalizationParameters
{
    /// <summary>Names of float initializers that scale or shift normalised activations, in model order.</summary>
    public static IReadOnlyList<string> Find(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Proto.Graph;
        var floatInitializers = model.Initializers.Where(i => i.IsFloatingPoint).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, node: n))).ToDictionary(p => p.o, p => p.node, StringComparer.Ordinal);
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
            AddOperands(next, current);
            var add = consumers[next.Output[0]].FirstOrDefault();
            if (add?.OpType == "Add") AddOperands(add, next.Output[0]);
        }

        void AddOperands(global::Onnx.NodeProto node, string activation)
        {
            foreach (var input in node.Input.Where(i => i != activation))
            {
                var source = input;
                // Follow shape-only nodes back to the parameter they reshape.
                while (!floatInitializers.Contains(source) && producers.TryGetValue(source, out var producer)
                       && producer.OpType is "Unsqueeze" or "Reshape" or "Identity" && producer.Input.Count > 0)
                {
                    source = producer.Input[0];
                }
                if (floatInitializers.Contains(source)) found.Add(source);
            }
        }
    }
}
