using Microsoft.Extensions.Logging;

namespace Atlas.Agent.Telemetry;

/// <summary>
/// Every log event of the agent, with stable event ids grouped by component: 1000 broker, 1100 connection,
/// 1200 model, 1300 ingest/inference, 1400 remote configuration, 1500 commands, 1600 routing. Fields, not
/// interpolated strings; secrets never appear.
/// </summary>
internal static partial class AgentLog
{
    [LoggerMessage(1000, LogLevel.Information, "Embedded MQTT broker listening on {Address}:{Port} (TLS {Tls})")]
    public static partial void BrokerStarted(ILogger logger, string address, int port, bool tls);

    [LoggerMessage(1001, LogLevel.Information, "Embedded MQTT broker stopped")]
    public static partial void BrokerStopped(ILogger logger);

    [LoggerMessage(1002, LogLevel.Warning, "Embedded broker refused {What} from client {ClientId}")]
    public static partial void BrokerRefused(ILogger logger, string what, string clientId);

    [LoggerMessage(1003, LogLevel.Warning, "Embedded broker refused a TLS client: certificate {Subject} does not chain to Mqtt:Tls:ClientCaCertificateFile")]
    public static partial void BrokerRefusedCertificate(ILogger logger, string subject);

    [LoggerMessage(1100, LogLevel.Information, "Connected to MQTT broker {Host}:{Port} as {ClientId} (TLS {Tls}, credentials {HasCredentials})")]
    public static partial void Connected(ILogger logger, string host, int port, string clientId, bool tls, bool hasCredentials);

    [LoggerMessage(1101, LogLevel.Warning, "MQTT connection to {Host}:{Port} failed or was lost ({Reason}); retrying in {DelayMilliseconds} ms")]
    public static partial void ConnectionLost(ILogger logger, string host, int port, string reason, long delayMilliseconds);

    [LoggerMessage(1102, LogLevel.Debug, "Subscribed to {Filters}")]
    public static partial void Subscribed(ILogger logger, string filters);

    [LoggerMessage(1103, LogLevel.Debug, "Publishing to {Topic} failed; the message will be retried after reconnecting")]
    public static partial void PublishFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(1104, LogLevel.Debug, "Outgoing buffer full: dropped the oldest message (topic {Topic})")]
    public static partial void OutgoingDropped(ILogger logger, string topic);

    [LoggerMessage(1105, LogLevel.Information, "Disconnected from the MQTT broker")]
    public static partial void Disconnected(ILogger logger);

    [LoggerMessage(1200, LogLevel.Information, "Serving model {Path} version {Version}: input {InputName} {Shape}, {Classes} classes")]
    public static partial void ModelServing(ILogger logger, string path, string version, string inputName, string shape, int classes);

    [LoggerMessage(1300, LogLevel.Debug, "Frame {FrameId} from camera {Camera} rejected: {Reason}")]
    public static partial void FrameRejected(ILogger logger, string frameId, string camera, string reason);

    [LoggerMessage(1301, LogLevel.Error, "Inference failed for frame {FrameId} from camera {Camera}")]
    public static partial void InferenceFailed(ILogger logger, string frameId, string camera, Exception exception);

    [LoggerMessage(1400, LogLevel.Information, "Remote configuration version {Version} applied")]
    public static partial void ConfigApplied(ILogger logger, long version);

    [LoggerMessage(1401, LogLevel.Warning, "Remote configuration rejected ({ErrorCount} errors): {Errors}")]
    public static partial void ConfigRejected(ILogger logger, int errorCount, string errors);

    [LoggerMessage(1402, LogLevel.Error, "Could not persist the applied configuration to {Path}; it stays in force until restart")]
    public static partial void ConfigPersistFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(1403, LogLevel.Information, "Resumed remote configuration version {Version} from {Path}")]
    public static partial void ConfigResumed(ILogger logger, long version, string path);

    [LoggerMessage(1404, LogLevel.Warning, "Ignored the persisted configuration {Path}: {Errors}")]
    public static partial void ConfigPersistedInvalid(ILogger logger, string path, string errors);

    [LoggerMessage(1500, LogLevel.Information, "Command {Command} answered ({Outcome})")]
    public static partial void CommandAnswered(ILogger logger, string command, string outcome);

    [LoggerMessage(1501, LogLevel.Error, "Command {Command} failed")]
    public static partial void CommandFailed(ILogger logger, string command, Exception exception);

    [LoggerMessage(1600, LogLevel.Error, "Handling a message on {Topic} failed")]
    public static partial void HandlerFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(1601, LogLevel.Debug, "Ignored a message on unexpected topic {Topic}")]
    public static partial void UnexpectedTopic(ILogger logger, string topic);
}
