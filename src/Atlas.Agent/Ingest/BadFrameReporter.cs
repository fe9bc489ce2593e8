using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Logging;

namespace Atlas.Agent.Ingest;

/// <summary>Counts a frame that cannot be served, logs it at debug level and reports it on <c>events</c> as <c>bad-frame</c>.</summary>
internal sealed class BadFrameReporter(EventPublisher events, AgentMetrics metrics, ILogger<BadFrameReporter> logger)
{
    public void Report(string camera, string frameId, string reason)
    {
        metrics.FrameBad();
        AgentLog.FrameRejected(logger, frameId, camera, reason);
        events.Publish("bad-frame", new Dictionary<string, object?>
        {
            ["camera"] = camera,
            ["frameId"] = frameId,
            ["reason"] = reason,
        });
    }
}
