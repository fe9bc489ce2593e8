namespace Atlas.Engine.Execution;

/// <summary>
/// Raised while a <see cref="GraphExecutor"/> is being built, before anything runs, when a node uses an op type
/// the executor has no kernel for or an attribute (or attribute value, or optional output) that its kernel does
/// not implement. Failing early is deliberate: a kernel that ignored an attribute would give a silently wrong answer.
/// </summary>
public sealed class UnsupportedOperatorException : GraphExecutionException
{
    public UnsupportedOperatorException(string opType, string nodeName, long opset, string detail, IReadOnlyList<string> supportedOpTypes)
        : base(Format(opType, nodeName, opset, detail, supportedOpTypes))
    {
        OpType = opType;
        NodeName = nodeName;
        Opset = opset;
        Detail = detail;
        SupportedOpTypes = supportedOpTypes;
    }

    /// <summary>The model's default-domain opset.</summary>
    public long Opset { get; }

    /// <summary>What exactly is unsupported (the op type itself, an attribute and its value, an output).</summary>
    public string Detail { get; }

    /// <summary>Every op type the executor has a kernel for, sorted.</summary>
    public IReadOnlyList<string> SupportedOpTypes { get; }

    private static string Format(string opType, string nodeName, long opset, string detail, IReadOnlyList<string> supported) =>
        $"Node '{nodeName}' ({opType}, opset {opset}) is not supported: {detail}. " +
        $"Supported op types: {string.Join(", ", supported)}.";
}
