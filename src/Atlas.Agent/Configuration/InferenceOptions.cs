using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>How the inference host runs the model (section <c>Inference</c>); mapped onto the engine's inference host options.</summary>
public sealed class InferenceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Inference";

    /// <summary>ONNX Runtime execution providers in order of preference, e.g. <c>["CUDA", "CPU"]</c>. Default CPU only.</summary>
    public IList<string> ExecutionProviders { get; } = [];

    /// <summary>Fail at start when a listed provider is unavailable instead of falling back to the next. Default false.</summary>
    public bool StrictProviders { get; set; }

    /// <summary>Intra-op threads for ONNX Runtime; 0 lets the runtime choose. Default 0.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>Largest batch the inference host forms from concurrent requests. Default 8.</summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How long the host waits to fill a batch, in ms (0: run what is there). Default 2.</summary>
    [Range(0, 1000)]
    public int MaxBatchDelayMilliseconds { get; set; } = 2;

    /// <summary>Warm-up runs before a model is swapped in. Default 2.</summary>
    [Range(0, 100)]
    public int WarmupRuns { get; set; } = 2;
}
