using Atlas.Agent.Adaptation;
using Atlas.Agent.Configuration;
using Atlas.Agent.Mqtt;
using Microsoft.Extensions.Hosting;
using MQTTnet;

namespace Atlas.Agent.Telemetry;

/// <summary>
/// Publishes <see cref="AgentMetrics"/> on <c>metrics</c> every <see cref="RuntimeSettings.MetricsIntervalSeconds"/>,
/// timed by the injected <see cref="TimeProvider"/>. A remote change of the interval restarts the wait at once.
/// </summary>
internal sealed class MetricsPublisher(
    AgentMetrics metrics, IAdaptationService adaptation, IRuntimeSettingsSource settings, IMqttPublisher publisher, TopicLayout topics, TimeProvider time)
    : BackgroundService
{
    private CancellationTokenSource _intervalChanged = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        settings.Changed += OnSettingsChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = Volatile.Read(ref _intervalChanged);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, changed.Token);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(settings.Current.MetricsIntervalSeconds), time, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    continue; // the interval changed: start a new wait with the new period
                }
                publisher.Enqueue(Message());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal end at shutdown.
        }
        finally
        {
            settings.Changed -= OnSettingsChanged;
        }
    }

    public override void Dispose()
    {
        _intervalChanged.Dispose();
        base.Dispose();
    }

    /// <summary>The <c>metrics</c> message with the counters as they are now.</summary>
    public MqttApplicationMessage Message() => JsonMessage.Create(topics.Metrics, new
    {
        at = time.GetUtcNow(),
        adaptation = adaptation.Report(),
        counters = metrics.Snapshot(),
        process = ProcessMemory.Read(),
    });

    private void OnSettingsChanged(RuntimeSettings _)
    {
        var previous = Interlocked.Exchange(ref _intervalChanged, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }
}
