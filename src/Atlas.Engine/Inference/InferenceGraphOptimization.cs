namespace Atlas.Engine.Inference;

/// <summary>ONNX Runtime graph optimisation levels, named as in configuration (<c>disabled|basic|extended|all</c>).</summary>
public enum InferenceGraphOptimization
{
    /// <summary>No graph rewrites.</summary>
    Disabled,

    /// <summary>Semantics-preserving rewrites such as constant folding and redundant-node removal.</summary>
    Basic,

    /// <summary>Basic plus operator fusions.</summary>
    Extended,

    /// <summary>Every optimisation, including layout changes (ONNX Runtime's default).</summary>
    All,
}
