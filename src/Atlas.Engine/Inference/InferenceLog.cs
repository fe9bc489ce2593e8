using Microsoft.Extensions.Logging;

namespace Atlas.Engine.Inference;

/// <summary>The inference host's log events (ids 6000–6099, stable).</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning,
        Message = "Execution provider '{Provider}' skipped: {Reason}")]
    public static partial void ProviderSkipped(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information,
        Message = "Execution provider '{Provider}' enabled")]
    public static partial void ProviderEnabled(ILogger logger, string provider);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information,
        Message = "Published model version {Version} ({Overrides} overridden initializers, providers {Providers}) built and warmed up in {BuildMilliseconds} ms")]
    public static partial void ModelPublished(ILogger logger, string version, int overrides, IReadOnlyList<string> providers, double buildMilliseconds);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error,
        Message = "Publishing model version {Version} failed; the current model keeps serving")]
    public static partial void PublishFailed(ILogger logger, string version, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Debug,
        Message = "Model version {Version} released by its last user and disposed")]
    public static partial void ModelDisposed(ILogger logger, string version);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error,
        Message = "A batch of {Count} requests on model version {Version} failed")]
    public static partial void BatchFailed(ILogger logger, int count, string version, Exception exception);
}
