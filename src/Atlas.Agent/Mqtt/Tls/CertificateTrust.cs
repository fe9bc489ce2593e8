using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Atlas.Agent.Mqtt.Tls;

/// <summary>
/// Decides whether a peer's certificate chains to one of a configured set of authorities (a private CA), ignoring
/// the system trust store, and is meant for the use it is presented for (server or client authentication).
/// </summary>
internal static class CertificateTrust
{
    /// <summary>Extended key usage of a TLS server certificate.</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Extended key usage of a TLS client certificate.</summary>
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="authorities"/> and allows <paramref name="usage"/>.</summary>
    public static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection authorities, Oid usage)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    /// <summary>True when both are the very same certificate (pinning).</summary>
    public static bool IsSame(X509Certificate? presented, X509Certificate expected) =>
        presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(expected.GetRawCertData());
}
