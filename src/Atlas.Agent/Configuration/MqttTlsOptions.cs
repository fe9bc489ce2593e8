namespace Atlas.Agent.Configuration;

/// <summary>
/// TLS (section <c>Mqtt:Tls</c>). With <c>Mode=External</c> the agent is a TLS client of the broker: the CA that signed
/// the broker's certificate and an optional client certificate. With <c>Mode=Embedded</c> the embedded broker serves
/// TLS with a server certificate, optionally requires client certificates, and may keep a plain listener on loopback.
/// Which settings apply to which mode is checked at start (see <see cref="MqttTlsRules"/>).
/// </summary>
public sealed class MqttTlsOptions
{
    /// <summary>Use TLS: connect to the external broker with TLS, or serve TLS from the embedded broker on <c>Mqtt:Port</c>. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>External: PEM file of the CA that signed the broker's certificate; when unset the system trust store is used.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>External: client certificate for mutual TLS, PEM (with <see cref="ClientKeyFile"/>) or PKCS#12 (<c>.pfx</c>/<c>.p12</c>).</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>External: PEM private key of the client certificate (unused for <c>.pfx</c>/<c>.p12</c> files).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>External: the name expected in the broker's certificate; default the broker host.</summary>
    public string? TargetHost { get; set; }

    /// <summary>Embedded: the broker's certificate, PEM (with <see cref="ServerKeyFile"/>) or PKCS#12 (<c>.pfx</c>/<c>.p12</c>). Required with TLS.</summary>
    public string? ServerCertificateFile { get; set; }

    /// <summary>Embedded: PEM private key of the server certificate (unused for <c>.pfx</c>/<c>.p12</c> files).</summary>
    public string? ServerKeyFile { get; set; }

    /// <summary>
    /// Password of the PKCS#12 file or encrypted PEM key of the certificate this agent presents (the embedded broker's
    /// server certificate, or the client certificate to an external broker). A secret: never logged, published or
    /// echoed in errors; prefer the environment (<c>ATLAS_MQTT__TLS__KEYPASSWORD</c>).
    /// </summary>
    [Secret]
    public string? KeyPassword { get; set; }

    /// <summary>
    /// Embedded: mutual TLS. Every client must present a certificate that chains to <see cref="ClientCaCertificateFile"/>
    /// (user names, passwords and roles still apply on top). Default false.
    /// </summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Embedded: PEM file of the CA (or CAs) that client certificates must chain to; required with <see cref="RequireClientCertificate"/>.</summary>
    public string? ClientCaCertificateFile { get; set; }

    /// <summary>
    /// Embedded: when set, the broker also serves plain MQTT on <c>127.0.0.1:&lt;port&gt;</c> for local tools (and the
    /// agent's own client); unset (default) means TLS only. The same users and roles apply there.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int? LoopbackPlainPort { get; set; }
}
