namespace Atlas.Engine.Execution;

/// <summary>
/// A graph that cannot be executed as asked: a missing or cyclic value, a wrong input, or a node that failed while
/// running. Messages name the node, its op type and the values involved, so the faulty part of the model can be
/// found without a debugger. <see cref="UnsupportedOperatorException"/> is the case found before running.
/// </summary>
public class GraphExecutionException : Exception
{
    public GraphExecutionException(string message) : base(message) { }

    public GraphExecutionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The node the failure belongs to, when it belongs to one.</summary>
    public string? NodeName { get; init; }

    /// <summary>The op type of <see cref="NodeName"/>, when the failure belongs to a node.</summary>
    public string? OpType { get; init; }
}
