using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Constant: a tensor from exactly one of <c>value</c>, <c>value_float</c>, <c>value_floats</c>, <c>value_int</c> or
/// <c>value_ints</c>. Floats take the executor's float type, ints are int64. String and sparse values are not
/// implemented (rejected before running, as attributes outside <see cref="SupportedAttributes"/>).
/// </summary>
internal sealed class ConstantKernel : IOpKernel
{
    private static readonly string[] ValueAttributes = ["value", "value_float", "value_floats", "value_int", "value_ints"];

    public string OpType => "Constant";

    public IReadOnlyCollection<string> SupportedAttributes => ValueAttributes;

    public void Validate(NodeInfo node)
    {
        int set = ValueAttributes.Count(node.HasAttribute);
        if (set != 1) throw node.Malformed($"exactly one of {string.Join(", ", ValueAttributes)} must be set, found {set}");
    }

    public Tensor[] Run(OpContext context)
    {
        var node = context.Node;
        var device = context.Device;
        var floatType = context.Environment.FloatType;
        // The node owns its tensor attribute for the executor's lifetime; the graph gets an alias it may release.
        if (node.HasAttribute("value")) return [node.Tensor("value").alias()];
        if (node.HasAttribute("value_float")) return [torch.tensor(node.Float("value_float", 0f), floatType, device)];
        if (node.HasAttribute("value_floats")) return [torch.tensor(node.Floats("value_floats", []), floatType, device)];
        if (node.HasAttribute("value_int")) return [torch.tensor(node.Int("value_int", 0), ScalarType.Int64, device)];
        return [ShapeValues.FromLongs(node.Ints("value_ints", []), device)];
    }
}
