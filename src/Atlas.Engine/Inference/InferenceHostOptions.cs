namespace Atlas.Engine.Inference;

/// <summary>
/// Settings of the <see cref="InferenceHost"/> (configuration section <c>Atlas:Inference</c> by convention).
/// Validated by <see cref="InferenceHostOptionsValidator"/> when the host is created; one error lists every bad setting.
/// </summary>
public sealed class InferenceHostOptions
{
    /// <summary>The conventional configuration section name.</summary>
    public const string SectionName = "Atlas:Inference";

    /// <summary>
    /// Execution providers to try, in order of preference: <c>cpu</c>, <c>cuda</c>, <c>tensorrt</c>, <c>dml</c>,
    /// <c>openvino</c>. Empty means <c>["cpu"]</c>. The list is get-only so configuration binding fills it instead
    /// of appending to a default. ONNX Runtime always keeps the CPU provider as the last fallback for nodes the
    /// others cannot run.
    /// </summary>
    public IList<string> ExecutionProviders { get; } = new List<string>();

    /// <summary>
    /// When true, a requested provider that this machine or ONNX Runtime build lacks fails the publish instead of
    /// being skipped with a logged warning. Default false (edge devices differ; serving on CPU beats not serving).
    /// </summary>
    public bool StrictProviders { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 (default) lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads ONNX Runtime uses across independent operators; 0 (default) lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>ONNX Runtime graph optimisation level. Default <see cref="InferenceGraphOptimization.All"/>.</summary>
    public InferenceGraphOptimization GraphOptimizationLevel { get; set; } = InferenceGraphOptimization.All;

    /// <summary>
    /// How composed weights reach ONNX Runtime: baked into the model bytes (default, fastest serving) or shared
    /// through <c>AddInitializer</c> buffers (no copy into the model, slower serving). See <see cref="InferenceWeightMode"/>.
    /// </summary>
    public InferenceWeightMode WeightMode { get; set; } = InferenceWeightMode.Baked;

    /// <summary>
    /// Most samples grouped into one run by micro-batching (models with a dynamic batch dimension only).
    /// Default 32; 1 disables grouping.
    /// </summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>
    /// Longest a forming batch waits for more concurrent requests once concurrency has been seen. A lone caller
    /// never waits. Default 2 ms; zero groups only what is already queued.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// When a single-sample request finds nothing else in flight, run it at once on the caller's thread (no hand-off,
    /// the lowest latency for a lone camera loop). False hands every request to the batching worker, which keeps the
    /// callers' threads free at the cost of a thread switch. Default true.
    /// </summary>
    public bool InlineWhenIdle { get; set; } = true;

    /// <summary>
    /// Runs on a zero input made after a session is built and before it is published, so the first real request
    /// does not pay for lazy allocation. Default 2; 0 skips warm-up.
    /// </summary>
    public int WarmupRuns { get; set; } = 2;

    /// <summary>The providers to try: <see cref="ExecutionProviders"/>, or <c>["cpu"]</c> when empty.</summary>
    internal IReadOnlyList<string> EffectiveProviders =>
        ExecutionProviders.Count == 0 ? ["cpu"] : [.. ExecutionProviders.Select(p => p.Trim().ToLowerInvariant())];
}
