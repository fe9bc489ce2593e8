using Atlas.Agent.Hosting;
using Atlas.Agent.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>An agent running in this process (the real host, real broker connection) with test settings.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private AgentHarness(IHost host) => Host = host;

    public IHost Host { get; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Starts an agent and waits until it is connected and subscribed.</summary>
    /// <param name="settings">Configuration keys such as <c>Mqtt:Port</c>; merged over the test defaults.</param>
    /// <param name="configureServices">Extra registrations (e.g. a log capture), applied after the agent's own.</param>
    public static async Task<AgentHarness> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Agent:DeviceId"] = "test-device",
            ["Runtime:MetricsIntervalSeconds"] = "3600",
            ["Mqtt:Reconnect:InitialDelayMilliseconds"] = "50",
            ["Mqtt:Reconnect:MaxDelayMilliseconds"] = "500",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Runtime:LogLevel"] = "Warning",
        };
        foreach (var (key, value) in settings) merged[key] = value;
        var host = AgentHostFactory.Build(null, [], merged, configureServices);
        var harness = new AgentHarness(host);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await host.StartAsync(timeout.Token);
            await harness.Get<MqttConnection>().WaitConnectedAsync(timeout.Token);
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await Host.StopAsync(timeout.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }
}
