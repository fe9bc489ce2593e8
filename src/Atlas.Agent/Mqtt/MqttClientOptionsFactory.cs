using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Atlas.Agent.Configuration;
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
    /// <summary>The client options; against the embedded broker the client presents the per-process internal credential.</summary>
    public static MqttClientOptions Create(MqttOptions options, TopicLayout topics, byte[] lastWillPayload, Access.InternalBrokerCredential internalCredential)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer(options.Host == "localhost" ? "127.0.0.1" : options.Host, options.Port)
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
            builder = builder.WithCredentials(internalCredential.UserName, internalCredential.Password);
        else if (options.Username is not null)
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
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(tls.CaCertificateFile);
            builder = builder.WithCertificateValidationHandler(e => IsTrusted(e.Certificate, e.SslPolicyErrors, authorities));
        }
        if (tls.ClientCertificateFile is not null)
            builder = builder.WithClientCertificates([LoadClientCertificate(tls)]);
        return builder.Build();
    }

    /// <summary>Accepts the broker's certificate only when it chains to one of the configured authorities and names the host.</summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private static X509Certificate2 LoadClientCertificate(MqttTlsOptions tls)
    {
        var file = tls.ClientCertificateFile!;
        if (file.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            return X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
        using var pem = X509Certificate2.CreateFromPemFile(file, tls.ClientKeyFile);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
