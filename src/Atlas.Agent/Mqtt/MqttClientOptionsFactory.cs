using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Atlas.Agent.Configuration;
using Atlas.Agent.Mqtt.Tls;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// Builds the agent's MQTT 5 client options: endpoint, client id, keep-alive, the retained last will
/// (<c>offline</c> on <c>status</c>), credentials and TLS with a private CA and client certificate.
/// </summary>
internal static class MqttClientOptionsFactory
{
    /// <summary>
    /// The client options. Against the embedded broker the client presents the per-process internal credential and
    /// reaches the broker as <paramref name="embeddedTls"/> says (plain, plain loopback beside TLS, or pinned TLS).
    /// </summary>
    public static MqttClientOptions Create(
        MqttOptions options, TopicLayout topics, byte[] lastWillPayload, Access.InternalBrokerCredential internalCredential, EmbeddedBrokerTls embeddedTls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(internalCredential);
        ArgumentNullException.ThrowIfNull(embeddedTls);
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(ClientId(options, topics))
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromMilliseconds(options.Reconnect.ConnectTimeoutMilliseconds))
            .WithWillTopic(topics.Status)
            .WithWillPayload(lastWillPayload)
            .WithWillContentType("application/json")
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (options.Mode == BrokerMode.Embedded)
            return embeddedTls.ConfigureInternalClient(builder).WithCredentials(internalCredential.UserName, internalCredential.Password).Build();
        builder = builder.WithTcpServer(options.Host == "localhost" ? "127.0.0.1" : options.Host, options.Port);
        if (options.Username is not null)
            builder = builder.WithCredentials(options.Username, options.Password ?? "");
        if (options.Tls.Enabled)
            builder = builder.WithTlsOptions(CreateTls(options));
        return builder.Build();
    }

    public static string ClientId(MqttOptions options, TopicLayout topics) => options.ClientId ?? $"atlas-{topics.Device}";

    private static MqttClientTlsOptions CreateTls(MqttOptions options)
    {
        var tls = options.Tls;
        var builder = new MqttClientTlsOptionsBuilder().UseTls(true).WithTargetHost(tls.TargetHost ?? options.Host);
        if (tls.CaCertificateFile is not null)
        {
            var authorities = CertificateFiles.LoadAuthorities("Mqtt:Tls:CaCertificateFile", tls.CaCertificateFile);
            builder = builder.WithCertificateValidationHandler(e => IsTrusted(e.Certificate, e.SslPolicyErrors, authorities));
        }
        if (tls.ClientCertificateFile is not null)
            builder = builder.WithClientCertificates([CertificateFiles.LoadWithPrivateKey("Mqtt:Tls:ClientCertificateFile", tls.ClientCertificateFile, tls.ClientKeyFile, tls.KeyPassword)]);
        return builder.Build();
    }

    /// <summary>Accepts the broker's certificate only when it chains to one of the configured authorities and names the host.</summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        return CertificateTrust.ChainsTo(certificate, authorities, CertificateTrust.ServerAuthentication);
    }
}
