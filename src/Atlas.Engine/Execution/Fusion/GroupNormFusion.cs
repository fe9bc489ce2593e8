using Onnx;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Fusion;

/// <summary>
/// Finds GroupNorm as ONNX exports lower it —
/// <c>Reshape(x, [0, G, −1]) → InstanceNormalization(·, ones, zeros) → Reshape(·, Shape(x)) → Mul(·, Unsqueeze(γ))
/// → Add(·, Unsqueeze(β))</c> — and replaces each chain by one node run by <see cref="FusedGroupNormKernel"/>.
/// </summary>
/// <remarks>
/// A chain is fused only when it cannot change a result: the shape, the ones/zeros and the unsqueeze axes come from
/// Constant nodes (never from initializers, which a caller may override), and every intermediate value has exactly
/// one consumer and is not a graph output. The Constant and Shape nodes stay; their outputs are released unused.
/// </remarks>
internal static class GroupNormFusion
{
    public static (List<NodeInfo> Nodes, Dictionary<NodeInfo, IOpKernel> Kernels) Apply(IReadOnlyList<NodeInfo> nodes, IEnumerable<string> graphOutputs, long opset)
    {
        var producer = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        var consumers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var o in node.Outputs.Where(o => o.Length > 0)) producer[o] = node;
            foreach (var i in node.Inputs.Where(i => i.Length > 0)) consumers[i] = consumers.GetValueOrDefault(i) + 1;
        }
        foreach (var o in graphOutputs) consumers[o] = consumers.GetValueOrDefault(o) + 2;

        var removed = new HashSet<NodeInfo>();
        var replacements = new Dictionary<NodeInfo, NodeInfo>();
        var kernels = new Dictionary<NodeInfo, IOpKernel>();
        foreach (var add in nodes.Where(n => n.OpType == "Add"))
        {
            if (TryMatch(add, producer, consumers, opset) is not { } match || match.Nodes.Any(removed.Contains)) continue;
            var fused = new NodeProto { OpType = FusedGroupNormKernel.FusedOpType, Name = $"{add.Name} (fused GroupNorm)" };
            fused.Input.AddRange([match.X, match.Weight, match.Bias]);
            fused.Output.Add(add.Outputs[0]);
            var info = new NodeInfo(fused, opset);
            kernels[info] = new FusedGroupNormKernel(match.Groups, match.Epsilon, match.Axes);
            foreach (var n in match.Nodes) removed.Add(n);
            replacements[add] = info;
        }
        var result = new List<NodeInfo>(nodes.Count);
        foreach (var node in nodes)
        {
            if (replacements.TryGetValue(node, out var fused)) result.Add(fused);
            else if (!removed.Contains(node)) result.Add(node);
        }
        return (result, kernels);
    }

    private sealed record Match(string X, string Weight, string Bias, long Groups, float Epsilon, long[] Axes, NodeInfo[] Nodes);

    private static Match? TryMatch(NodeInfo add, Dictionary<string, NodeInfo> producer, Dictionary<string, int> consumers, long opset)
    {
        NodeInfo? Single(string value, string opType) =>
            consumers.GetValueOrDefault(value) == 1 && producer.TryGetValue(value, out var p) && p.OpType == opType ? p : null;

        if (add.Inputs.Count != 2) return null;
        foreach (var (mulValue, biasValue) in new[] { (add.Inputs[0], add.Inputs[1]), (add.Inputs[1], add.Inputs[0]) })
        {
            // Input counts are checked before any input is read: fusion runs before the plan validates the wiring, so a
            // malformed node (a Mul without inputs, found by fuzzing) must simply not match.
            if (Single(mulValue, "Mul") is not { Inputs.Count: 2 } mul || Single(biasValue, "Unsqueeze") is not { Inputs.Count: >= 1 } unsqueezeBias) continue;
            foreach (var (restoredValue, weightValue) in new[] { (mul.Inputs[0], mul.Inputs[1]), (mul.Inputs[1], mul.Inputs[0]) })
            {
                if (Single(restoredValue, "Reshape") is not { Inputs.Count: 2 } restore || Single(weightValue, "Unsqueeze") is not { Inputs.Count: >= 1 } unsqueezeWeight) continue;
                if (Single(restore.Inputs[0], "InstanceNormalization") is not { Inputs.Count: 3 } norm) continue;
                if (Single(norm.Inputs[0], "Reshape") is not { Inputs.Count: 2 } group) continue;
                var x = group.Inputs[0];
                // The restoring Reshape must take Shape(x) of the very same x.
                if (!producer.TryGetValue(restore.Inputs[1], out var shape) || shape.OpType != "Shape" || shape.Inputs.Count != 1 || shape.Inputs[0] != x
                    || shape.HasAttribute("start") || shape.HasAttribute("end")) continue;
                if (group.Int("allowzero", 0) != 0 || restore.Int("allowzero", 0) != 0) continue;
                if (ConstantLongs(group.Inputs[1], producer) is not [0, var groups, -1] || groups < 1) continue;
                if (!IsFilled(norm.Inputs[1], producer, 1, groups) || !IsFilled(norm.Inputs[2], producer, 0, groups)) continue;
                var axes = UnsqueezeAxes(unsqueezeWeight, producer, opset);
                if (axes is null || UnsqueezeAxes(unsqueezeBias, producer, opset) is not { } biasAxes || !axes.SequenceEqual(biasAxes)) continue;
                return new Match(x, unsqueezeWeight.Inputs[0], unsqueezeBias.Inputs[0], groups, norm.Float("epsilon", 1e-5f), axes,
                    [group, norm, restore, mul, unsqueezeWeight, unsqueezeBias, add]);
            }
        }
        return null;
    }

    private static long[]? UnsqueezeAxes(NodeInfo unsqueeze, Dictionary<string, NodeInfo> producer, long opset)
    {
        if (opset < 13) return unsqueeze.IntsOrNull("axes");
        return unsqueeze.Inputs.Count == 2 ? ConstantLongs(unsqueeze.Inputs[1], producer) : null;
    }

    /// <summary>The values of a Constant node's int64 'value' tensor, or null when the value is not such a constant.</summary>
    private static long[]? ConstantLongs(string value, Dictionary<string, NodeInfo> producer)
    {
        if (ConstantTensor(value, producer) is not { } t || t.dtype != ScalarType.Int64 || t.dim() > 1) return null;
        using var cpu = t.cpu();
        return cpu.data<long>().ToArray();
    }

    private static bool IsFilled(string value, Dictionary<string, NodeInfo> producer, float fill, long count)
    {
        if (ConstantTensor(value, producer) is not { } t || !is_floating_point(t) || t.dim() != 1 || t.shape[0] != count) return false;
        using var expected = full_like(t, fill);
        return t.equal(expected).all().item<bool>();
    }

    private static Tensor? ConstantTensor(string value, Dictionary<string, NodeInfo> producer) =>
        producer.TryGetValue(value, out var node) && node.OpType == "Constant" && node.HasAttribute("value")
            && node.AttributeNames.Count() == 1 && node.TryGetTensor("value") is { } t ? t : null;
}
