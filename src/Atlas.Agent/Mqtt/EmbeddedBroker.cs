using System.Net;
using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// The MQTT 5 broker inside the agent (MQTTnet), started when <see cref="MqttOptions.Mode"/> is
/// <see cref="BrokerMode.Embedded"/> before the agent's own client connects to it, and stopped after it.
/// Connections, publishes and subscriptions pass through the <see cref="IBrokerAccessPolicy"/>; refusals are logged
/// (client id only, never credentials) and counted in <see cref="AgentMetrics"/>. With <c>Mqtt:Tls</c> it serves TLS
/// on the configured address and port (<see cref="Tls.EmbeddedBrokerTls"/>), and plain MQTT only on loopback if asked.
/// </summary>
internal sealed class EmbeddedBroker(IOptions<MqttOptions> options, IBrokerAccessPolicy policy, Tls.EmbeddedBrokerTls tls, AgentMetrics metrics,
    ILogger<EmbeddedBroker> logger)
    : IHostedService, IAsyncDisposable
{
    private MqttServer? _server;

    /// <summary>The port actually bound (differs from the configured one only when that was 0 in tests).</summary>
    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var address = settings.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(settings.Host);
        var builder = new MqttServerFactory().CreateServerOptionsBuilder();
        if (tls.Enabled)
        {
            builder = tls.ConfigureServer(builder, address, settings.Port);
        }
        else
        {
            builder = builder.WithDefaultEndpoint().WithDefaultEndpointPort(settings.Port);
            builder = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? builder.WithDefaultEndpointBoundIPAddress(IPAddress.None).WithDefaultEndpointBoundIPV6Address(address)
                : builder.WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointBoundIPV6Address(IPAddress.None);
        }
        var server = new MqttServerFactory().CreateMqttServer(builder.Build());
        server.ValidatingConnectionAsync += e =>
        {
            if (!policy.AllowConnection(e.ClientId, e.UserName, e.Password, e.RemoteEndPoint?.ToString() ?? "?"))
            {
                e.ReasonCode = e.UserName is null ? MqttConnectReasonCode.NotAuthorized : MqttConnectReasonCode.BadUserNameOrPassword;
                metrics.BrokerConnectionRefused();
                AgentLog.BrokerRefused(logger, "connection", e.ClientId);
            }
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            if (!policy.AllowPublish(e.ClientId, e.UserName, e.ApplicationMessage.Topic))
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
                metrics.BrokerPublishRefused();
                AgentLog.BrokerRefused(logger, "a publish", e.ClientId);
            }
            return Task.CompletedTask;
        };
        server.InterceptingSubscriptionAsync += e =>
        {
            if (!policy.AllowSubscribe(e.ClientId, e.UserName, e.TopicFilter.Topic))
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                metrics.BrokerSubscriptionRefused();
                AgentLog.BrokerRefused(logger, "a subscription", e.ClientId);
            }
            return Task.CompletedTask;
        };
        await server.StartAsync().ConfigureAwait(false);
        _server = server;
        Port = settings.Port;
        AgentLog.BrokerStarted(logger, address.ToString(), settings.Port, tls.Enabled);
        if (tls.Enabled && settings.Tls.LoopbackPlainPort is { } plain)
            AgentLog.BrokerStarted(logger, IPAddress.Loopback.ToString(), plain, false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        await _server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        _server.Dispose();
        _server = null;
        AgentLog.BrokerStopped(logger);
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _server = null;
        return ValueTask.CompletedTask;
    }
}
