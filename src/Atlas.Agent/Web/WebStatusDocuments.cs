using Atlas.Agent.Adaptation;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Telemetry;
using Atlas.Engine.Inference;

namespace Atlas.Agent.Web;

/// <summary>
/// Builds the <c>/api/status</c> document: device, served model version, adaptation state, counters and latency,
/// rolling confidence and entropy (the agent has no labels, so no accuracy), and the recent events.
/// </summary>
internal sealed class WebStatusDocuments(TopicLayout topics, InferenceHost host, IAdaptationService adaptation, AgentMetrics metrics,
    PredictionQualityWindow quality, RecentEvents events, TimeProvider time)
{
    public IReadOnlyDictionary<string, object?> Status()
    {
        var (confidence, entropy, samples) = quality.Means();
        return new Dictionary<string, object?>
        {
            ["at"] = time.GetUtcNow(),
            ["device"] = topics.Device,
            ["agentVersion"] = StatusReporter.AgentVersion,
            ["modelVersion"] = host.Current?.Version,
            ["adaptation"] = adaptation.State,
            ["counters"] = metrics.Snapshot(),
            ["quality"] = new Dictionary<string, object?>
            {
                ["meanConfidence"] = confidence is null ? null : Math.Round(confidence.Value, 4),
                ["meanEntropy"] = entropy is null ? null : Math.Round(entropy.Value, 4),
                ["samples"] = samples,
            },
            ["events"] = events.Snapshot(),
        };
    }
}
