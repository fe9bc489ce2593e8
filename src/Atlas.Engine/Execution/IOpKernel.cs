using static TorchSharp.torch;

namespace Atlas.Engine.Execution;

/// <summary>
/// The implementation of one ONNX op type on TorchSharp. Kernels are stateless, have a parameterless constructor
/// and are discovered by reflection (<see cref="KernelRegistry"/>), so adding an op means adding one class under
/// <c>Execution/Kernels/</c>. See docs/engine.md, "Adding an op".
/// </summary>
internal interface IOpKernel
{
    /// <summary>The ONNX op type (default domain), e.g. "Conv".</summary>
    string OpType { get; }

    /// <summary>
    /// Every attribute name the kernel implements. A node setting any other attribute is rejected before running.
    /// </summary>
    IReadOnlyCollection<string> SupportedAttributes { get; }

    /// <summary>
    /// Called once per node when the executor is built: throws <see cref="NodeInfo.Unsupported"/> for an attribute
    /// value, opset, input or output the kernel does not implement, and <see cref="NodeInfo.Malformed"/> for a node
    /// that breaks the ONNX spec.
    /// </summary>
    void Validate(NodeInfo node);

    /// <summary>
    /// Computes the node's outputs, in output order, with differentiable TorchSharp operations. It runs inside a
    /// dispose scope (temporaries need no care) and may return an input tensor unchanged (the executor aliases it).
    /// Entries for outputs the node does not ask for may be left out or returned and are then disposed.
    /// </summary>
    Tensor[] Run(OpContext context);
}
