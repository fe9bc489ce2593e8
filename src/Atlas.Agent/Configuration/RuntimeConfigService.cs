using System.Text.Json;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Applies remote configuration. A <c>config/desired</c> document is validated (<see cref="RuntimeConfigDocument"/>);
/// if valid it is persisted atomically to <c>&lt;state&gt;/config.json</c>, put in force (log level at once, the rest
/// read live by the services) and reported on <c>config/reported</c> (retained) with its version; if not, the
/// settings in force stay and the report lists every error. At start the persisted document is resumed.
/// </summary>
internal sealed class RuntimeConfigService : IRuntimeSettingsSource, IMqttConnectionListener, IHostedService
{
    public const string StateFileName = "config.json";
    private readonly Lock _gate = new();
    private readonly RuntimeSettings _baseline;
    private readonly string _statePath;
    private readonly IMqttPublisher _publisher;
    private readonly TopicLayout _topics;
    private readonly EventPublisher _events;
    private readonly LiveConfigurationProvider _live;
    private readonly TimeProvider _time;
    private readonly ILogger<RuntimeConfigService> _logger;
    private RuntimeSettings _current;
    private Rejection? _lastRejection;

    public RuntimeConfigService(
        IOptions<RuntimeSettings> initial, IOptions<AgentOptions> agent, IMqttPublisher publisher, TopicLayout topics, EventPublisher events,
        LiveConfigurationProvider live, TimeProvider time, ILogger<RuntimeConfigService> logger)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(agent);
        _baseline = initial.Value.Clone();
        _current = _baseline.Clone();
        _statePath = Path.Combine(Path.GetFullPath(agent.Value.StateDirectory), StateFileName);
        _publisher = publisher;
        _topics = topics;
        _events = events;
        _live = live;
        _time = time;
        _logger = logger;
        ApplyLogLevel(_current);
    }

    public event Action<RuntimeSettings>? Changed;

    public RuntimeSettings Current => Volatile.Read(ref _current);

    /// <summary>Where the applied document is persisted.</summary>
    public string StatePath => _statePath;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_statePath)) return Task.CompletedTask;
        var errors = RuntimeConfigDocument.Parse(File.ReadAllBytes(_statePath), _baseline, out var resumed);
        if (resumed is null)
        {
            AgentLog.ConfigPersistedInvalid(_logger, _statePath, string.Join("; ", errors));
            return Task.CompletedTask;
        }
        lock (_gate) Volatile.Write(ref _current, resumed);
        ApplyLogLevel(resumed);
        AgentLog.ConfigResumed(_logger, resumed.Version, _statePath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Validates and applies one <c>config/desired</c> document, then reports the outcome.</summary>
    /// <returns>The errors; empty when the document was applied.</returns>
    public IReadOnlyList<string> Apply(ReadOnlyMemory<byte> document)
    {
        IReadOnlyList<string> errors;
        RuntimeSettings? applied;
        lock (_gate)
        {
            var current = Current;
            errors = RuntimeConfigDocument.Parse(document, current, out applied);
            if (applied is null)
            {
                _lastRejection = new Rejection(TryReadVersion(document), errors, _time.GetUtcNow());
            }
            else
            {
                _lastRejection = null;
                Persist(applied);
                Volatile.Write(ref _current, applied);
            }
        }
        if (applied is null)
        {
            AgentLog.ConfigRejected(_logger, errors.Count, string.Join("; ", errors));
            _events.Publish("config-rejected", new Dictionary<string, object?> { ["version"] = TryReadVersion(document), ["errors"] = errors, ["inForce"] = Current.Version });
        }
        else
        {
            ApplyLogLevel(applied);
            Changed?.Invoke(applied);
            AgentLog.ConfigApplied(_logger, applied.Version);
            _events.Publish("config-applied", new Dictionary<string, object?> { ["version"] = applied.Version });
        }
        _publisher.Enqueue(ReportedMessage());
        return errors;
    }

    public IEnumerable<MqttApplicationMessage> MessagesOnConnect() => [ReportedMessage()];

    /// <summary>The retained <c>config/reported</c> message: the settings in force and the last rejection, if any.</summary>
    public MqttApplicationMessage ReportedMessage()
    {
        RuntimeSettings current;
        Rejection? rejection;
        lock (_gate)
        {
            current = Current;
            rejection = _lastRejection;
        }
        var report = new Dictionary<string, object?>
        {
            ["version"] = current.Version,
            ["status"] = rejection is null ? "applied" : "rejected",
            ["settings"] = current,
            ["rejected"] = rejection,
            ["at"] = _time.GetUtcNow(),
        };
        return JsonMessage.Create(_topics.ConfigReported, report, retain: true, qos: MqttQualityOfServiceLevel.AtLeastOnce);
    }

    private void Persist(RuntimeSettings settings)
    {
        try
        {
            AtomicFile.Write(_statePath, JsonMessage.Serialize(settings));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AgentLog.ConfigPersistFailed(_logger, _statePath, e);
            _events.Publish("config-persist-failed", new Dictionary<string, object?> { ["version"] = settings.Version, ["path"] = _statePath, ["error"] = e.Message });
        }
    }

    private void ApplyLogLevel(RuntimeSettings settings) => _live.SetValue("Logging:LogLevel:Default", settings.LogLevel.ToString());

    private static long? TryReadVersion(ReadOnlyMemory<byte> document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var version) ? version : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The last rejected document: its version (when readable), every error, and when.</summary>
    private sealed record Rejection(long? Version, IReadOnlyList<string> Errors, DateTimeOffset At);
}
