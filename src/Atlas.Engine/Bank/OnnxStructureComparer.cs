using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Bank;

/// <summary>
/// Compares the structure of a fine-tuned model with the base: nodes (op type, domain, inputs, outputs, attributes),
/// graph inputs and outputs, initializer names, shapes and element types, and the values of non-float initializers
/// (shapes and indices are graph structure, not weights). A re-export with constant folding typically shows up here as
/// renamed initializers such as <c>onnx::Mul_85</c>.
/// </summary>
internal static class OnnxStructureComparer
{
    public static IReadOnlyList<string> Compare(OnnxModel baseModel, OnnxModel other, int limit = 10)
    {
        var differences = new List<string>();
        void Add(string text)
        {
            if (differences.Count < limit) differences.Add(text);
        }
        CompareInitializers(baseModel, other, Add);
        CompareNodes(baseModel.Proto.Graph, other.Proto.Graph, Add);
        CompareNames("graph input", baseModel.Inputs.Select(i => i.Name), other.Inputs.Select(i => i.Name), Add);
        CompareNames("graph output", baseModel.Outputs.Select(i => i.Name), other.Outputs.Select(i => i.Name), Add);
        return differences;
    }

    private static void CompareInitializers(OnnxModel baseModel, OnnxModel other, Action<string> add)
    {
        foreach (var info in baseModel.Initializers)
        {
            if (!other.HasInitializer(info.Name))
            {
                add($"initializer '{info.Name}' of the base model is missing");
                continue;
            }
            var theirs = other.GetInitializerInfo(info.Name);
            if (theirs.ElementType != info.ElementType || !theirs.Shape.SequenceEqual(info.Shape))
            {
                add($"initializer '{info.Name}' is {theirs.ElementType} {theirs.ShapeText}, the base model's is {info.ElementType} {info.ShapeText}");
            }
            else if (!info.IsFloatingPoint
                && !OnnxTensorCodec.ReadRawBytes(baseModel.GetInitializerProto(info.Name), baseModel.Directory)
                    .AsSpan().SequenceEqual(OnnxTensorCodec.ReadRawBytes(other.GetInitializerProto(info.Name), other.Directory)))
            {
                add($"non-float initializer '{info.Name}' ({info.ElementType}) has different values");
            }
        }
        foreach (var extra in other.Initializers.Where(i => !baseModel.HasInitializer(i.Name)))
            add($"initializer '{extra.Name}' {extra.ShapeText} is not in the base model");
    }

    private static void CompareNodes(GraphProto mine, GraphProto theirs, Action<string> add)
    {
        if (mine.Node.Count != theirs.Node.Count)
            add($"the graph has {theirs.Node.Count} nodes, the base model's has {mine.Node.Count}");
        for (int i = 0; i < Math.Min(mine.Node.Count, theirs.Node.Count); i++)
        {
            var a = mine.Node[i];
            var b = theirs.Node[i];
            if (a.OpType != b.OpType || a.Domain != b.Domain)
                add($"node {i} ('{b.Name}') is {Op(b)}, the base model's is {Op(a)}");
            else if (!a.Input.SequenceEqual(b.Input))
                add($"node {i} ({Op(b)}) has inputs [{string.Join(", ", b.Input)}], the base model's has [{string.Join(", ", a.Input)}]");
            else if (!a.Output.SequenceEqual(b.Output))
                add($"node {i} ({Op(b)}) has outputs [{string.Join(", ", b.Output)}], the base model's has [{string.Join(", ", a.Output)}]");
            else if (!a.Attribute.SequenceEqual(b.Attribute))
                add($"node {i} ({Op(b)}) has different attributes");
        }
    }

    private static void CompareNames(string what, IEnumerable<string> mine, IEnumerable<string> theirs, Action<string> add)
    {
        var a = mine.ToArray();
        var b = theirs.ToArray();
        if (!a.SequenceEqual(b))
            add($"{what}s are [{string.Join(", ", b)}], the base model's are [{string.Join(", ", a)}]");
    }

    private static string Op(NodeProto node) => string.IsNullOrEmpty(node.Domain) ? node.OpType : node.Domain + "." + node.OpType;
}
