using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>TLS settings of a test MQTT client: trust exactly one test CA, optionally present a client certificate.</summary>
internal static class TestTls
{
    public static MqttClientOptionsBuilder TrustingCa(this MqttClientOptionsBuilder builder, string caFile, X509Certificate2? clientCertificate = null)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        var tls = new MqttClientTlsOptionsBuilder().UseTls(true).WithTargetHost("localhost")
            .WithCertificateValidationHandler(e =>
            {
                if (e.Certificate is null || e.SslPolicyErrors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                using var leaf = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
                return chain.Build(leaf);
            });
        if (clientCertificate is not null) tls = tls.WithClientCertificates([clientCertificate]);
        return builder.WithTlsOptions(tls.Build());
    }
}
