using static TorchSharp.torch;

namespace Atlas.Engine.Execution;

/// <summary>
/// What a kernel sees while one node runs: the node's input tensors (null for an omitted optional input), its
/// parsed attributes, the opset, the training flag and the executor's device and float type.
/// </summary>
internal sealed class OpContext
{
    private readonly Tensor?[] _inputs;

    public OpContext(NodeInfo node, Tensor?[] inputs, bool training, ExecutionEnvironment environment)
    {
        Node = node;
        _inputs = inputs;
        Training = training;
        Environment = environment;
    }

    public NodeInfo Node { get; }

    /// <summary>True when the graph runs in training mode (<c>GraphExecutor.Run(..., training: true)</c>).</summary>
    public bool Training { get; }

    public ExecutionEnvironment Environment { get; }

    public long Opset => Node.Opset;

    public Device Device => Environment.Device;

    /// <summary>Number of inputs listed by the node, omitted optional ones included.</summary>
    public int InputCount => _inputs.Length;

    /// <summary>A required input; a missing one is a malformed node.</summary>
    public Tensor Input(int index) =>
        index < _inputs.Length && _inputs[index] is { } t ? t : throw Node.Malformed($"required input {index} is missing");

    /// <summary>An optional input, or null when the node omits it.</summary>
    public Tensor? OptionalInput(int index) => index < _inputs.Length ? _inputs[index] : null;

    public long Int(string name, long defaultValue) => Node.Int(name, defaultValue);

    public long[] Ints(string name, long[] defaultValue) => Node.Ints(name, defaultValue);

    public float Float(string name, float defaultValue) => Node.Float(name, defaultValue);

    public string String(string name, string defaultValue) => Node.String(name, defaultValue);

    public Tensor Tensor(string name) => Node.Tensor(name);
}
