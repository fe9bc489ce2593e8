using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Inference;

/// <summary>
/// Appends the configured execution providers to session options in order of preference. A provider this
/// ONNX Runtime build lacks, or one whose device fails to initialise, is skipped with the reason logged (once per
/// host), or fails the build in strict mode. ONNX Runtime keeps CPU as the implicit last provider.
/// </summary>
internal sealed class ExecutionProviderSelector
{
    private readonly ILogger _logger;
    private readonly Func<IReadOnlyCollection<string>> _availableProviders;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <param name="logger">Receives one warning per skipped provider.</param>
    /// <param name="availableProviders">The ONNX Runtime provider names compiled into this build; tests substitute it.</param>
    public ExecutionProviderSelector(ILogger logger, Func<IReadOnlyCollection<string>>? availableProviders = null)
    {
        _logger = logger;
        _availableProviders = availableProviders ?? (() => OrtEnv.Instance().GetAvailableProviders());
    }

    /// <summary>Appends the usable providers to <paramref name="options"/> and returns the ones enabled.</summary>
    /// <exception cref="InferenceException">In strict mode, naming the provider and why it is unavailable.</exception>
    public IReadOnlyList<string> Apply(SessionOptions options, IReadOnlyList<string> requested, bool strict)
    {
        var available = _availableProviders();
        var enabled = new List<string>();
        foreach (var provider in requested)
        {
            if (provider == "cpu")
            {
                if (!enabled.Contains("cpu")) enabled.Add("cpu");
                continue;
            }
            var reason = TryAppend(options, provider, available);
            if (reason is null)
            {
                enabled.Add(provider);
                Report(provider, null);
                continue;
            }
            if (strict)
                throw new InferenceException($"Execution provider '{provider}' is unavailable and StrictProviders is set: {reason}");
            Report(provider, reason);
        }
        if (!enabled.Contains("cpu")) enabled.Add("cpu");
        return enabled;
    }

    /// <summary>The ONNX Runtime name of an Atlas provider name.</summary>
    public static string OrtName(string provider) => provider switch
    {
        "cpu" => "CPUExecutionProvider",
        "cuda" => "CUDAExecutionProvider",
        "tensorrt" => "TensorrtExecutionProvider",
        "dml" => "DmlExecutionProvider",
        "openvino" => "OpenVINOExecutionProvider",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown execution provider."),
    };

    private static string? TryAppend(SessionOptions options, string provider, IReadOnlyCollection<string> available)
    {
        var ortName = OrtName(provider);
        if (!available.Contains(ortName))
            return $"this ONNX Runtime build does not include {ortName} (available: {string.Join(", ", available)}); " +
                   "build with -p:AtlasOnnxRuntime=cuda or =directml to get GPU providers";
        try
        {
            switch (provider)
            {
                case "cuda": options.AppendExecutionProvider_CUDA(0); break;
                case "tensorrt": options.AppendExecutionProvider_Tensorrt(0); break;
                case "dml": options.AppendExecutionProvider_DML(0); break;
                case "openvino": options.AppendExecutionProvider_OpenVINO(); break;
            }
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return $"{ortName} failed to initialise: {e.Message}";
        }
    }

    private void Report(string provider, string? reason)
    {
        lock (_reported)
        {
            if (!_reported.Add(provider)) return;
        }
        if (reason is null) InferenceLog.ProviderEnabled(_logger, provider);
        else InferenceLog.ProviderSkipped(_logger, provider, reason);
    }
}
