namespace Atlas.Engine.Inference;

/// <summary>
/// How composed weights are handed to ONNX Runtime. Both give the composed model's outputs exactly; they trade
/// serving speed against memory and build cost (see the inference benchmarks).
/// </summary>
public enum InferenceWeightMode
{
    /// <summary>
    /// The composed weights are written into the model bytes the session is built from, so ONNX Runtime's graph
    /// optimisers (constant folding, Conv layout rewrites, weight pre-packing) see them and the served model runs
    /// as fast as a plain session on the composed file. The default.
    /// </summary>
    Baked,

    /// <summary>
    /// The composed weights are given with <c>SessionOptions.AddInitializer</c> and read in place from pinned
    /// buffers that live as long as the session (no copy of them into the model bytes). ONNX Runtime applies such
    /// values only after its graph optimisers ran, which silently drops an override that constant folding or a
    /// layout rewrite consumed; the host therefore lists the overridden initializers as graph inputs, which keeps
    /// every optimiser off them. Correct, but Conv and Gemm layers with overridden weights run unoptimised (about
    /// half the throughput of <see cref="Baked"/> on the benchmark CNN).
    /// </summary>
    SharedInitializers,
}
