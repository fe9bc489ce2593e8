using Atlas.Agent.Adaptation;
using Atlas.Agent.Configuration;
using Atlas.Agent.Mqtt;
using Microsoft.Extensions.Hosting;

namespace Atlas.Agent.Telemetry;

/// <summary>
/// Publishes <see cref="AgentMetrics"/> on <c>metrics</c> every <see cref="RuntimeSettings.MetricsIntervalSeconds"/>
/// (read each period, so a remote change takes effect at the next tick), timed by the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class MetricsPublisher(AgentMetrics metrics, IAdaptationService adaptation, IRuntimeSettingsSource settings, IMqttPublisher publisher, TopicLayout topics, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.Current.MetricsIntervalSeconds), time, stoppingToken).ConfigureAwait(false);
                publisher.Enqueue(Message());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal end at shutdown.
        }
    }

    public MQTTnet.MqttApplicationMessage Message() => JsonMessage.Create(topics.Metrics, new
    {
        at = time.GetUtcNow(),
        adaptation = new { state = adaptation.State },
        counters = metrics.Snapshot(),
    });
}
