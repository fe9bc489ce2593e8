namespace Atlas.Engine.Onnx;

/// <summary>One initializer as <see cref="ModelSummary"/> lists it.</summary>
/// <param name="Name">Initializer name (PyTorch parameter name in exports without constant folding).</param>
/// <param name="ElementType">Stored element type.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="ElementCount">Number of elements.</param>
/// <param name="IsParameter">True for floating-point initializers, the ones counted as trainable parameters; integer
/// initializers are shapes, axes and indices.</param>
public sealed record InitializerSummary(string Name, OnnxElementType ElementType, long[] Shape, long ElementCount, bool IsParameter);
