using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>The broker the agent talks to and how it connects (section <c>Mqtt</c>). MQTT 5.0 only.</summary>
public sealed class MqttOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Mqtt";

    /// <summary><c>Embedded</c> (default) starts a broker inside the agent; <c>External</c> connects to <see cref="Host"/>.</summary>
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>
    /// The broker host. For <c>Embedded</c>, the address the embedded broker binds to (default <c>127.0.0.1</c>:
    /// only this machine can connect; binding wider is an access-control decision, see docs/mqtt.md).
    /// </summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The broker port (plain MQTT default 1883; 8883 is customary with TLS). With TLS on the embedded broker, the TLS port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>MQTT client id. Default <c>atlas-&lt;device&gt;</c>; must be unique on the broker.</summary>
    public string? ClientId { get; set; }

    /// <summary>User name for an external broker, from configuration or the environment (<c>ATLAS_MQTT__USERNAME</c>).</summary>
    public string? Username { get; set; }

    /// <summary>Password for an external broker. Never logged, published or echoed in errors; prefer <c>ATLAS_MQTT__PASSWORD</c>.</summary>
    /// <remarks>MQTT carries at most 65 535 bytes of password.</remarks>
    [Secret]
    [StringLength(65535)]
    public string? Password { get; set; }

    /// <summary>
    /// When set, frames are read through the MQTT 5 shared subscription <c>$share/&lt;group&gt;/&lt;prefix&gt;/+/frames/#</c>:
    /// agents in the same group split one camera stream between them (the broker delivers each frame to one).
    /// </summary>
    [RegularExpression(TopicLevel.Pattern, ErrorMessage = TopicLevel.Message)]
    public string? SharedSubscriptionGroup { get; set; }

    /// <summary>MQTT keep-alive in seconds; the broker publishes the last will after 1.5× this without traffic. Default 15.</summary>
    [Range(1, 3600)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Messages kept while disconnected (predictions, events, status); beyond this the oldest is dropped and counted. Default 256.</summary>
    [Range(0, 100_000)]
    public int OfflineBufferCapacity { get; set; } = 256;

    /// <summary>Reconnect back-off for an external broker.</summary>
    [Required]
    public ReconnectOptions Reconnect { get; set; } = new();

    /// <summary>TLS to an external broker, or served by the embedded broker.</summary>
    [Required]
    public MqttTlsOptions Tls { get; set; } = new();

    /// <summary>Authentication and roles on the embedded broker; required when it binds beyond loopback.</summary>
    [Required]
    public BrokerAuthOptions Auth { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClientId is not null && (ClientId.Length is 0 or > 128))
            yield return new ValidationResult("must be 1 to 128 characters when set", [nameof(ClientId)]);
        if (Mode == BrokerMode.Embedded && SharedSubscriptionGroup is not null)
            yield return new ValidationResult("shared subscriptions need an external broker that supports them (the embedded broker does not); set Mode=External", [nameof(SharedSubscriptionGroup)]);
        if (Mode == BrokerMode.Embedded && !System.Net.IPAddress.TryParse(Host, out _) && Host != "localhost")
            yield return new ValidationResult("the embedded broker binds to an IP address (e.g. 127.0.0.1) or 'localhost'", [nameof(Host)]);
        if (Mode == BrokerMode.Embedded && !IsLoopback(Host) && (!Auth.Enabled || Auth.Users.Count == 0))
            yield return new ValidationResult($"the embedded broker binds to {Host}, beyond loopback: set Mqtt:Auth:Enabled=true with at least one user in Mqtt:Auth:Users (see docs/security.md)", [$"{nameof(Auth)}:{nameof(BrokerAuthOptions.Enabled)}"]);
        if (Password is not null && Username is null)
            yield return new ValidationResult("a password needs a user name", [nameof(Username)]);
        foreach (var result in MqttTlsRules.Validate(this))
            yield return result;
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
