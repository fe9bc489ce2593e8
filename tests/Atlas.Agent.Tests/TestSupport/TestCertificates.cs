using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>A throw-away CA with a server certificate for 127.0.0.1/localhost and a client certificate, written as PEM files.</summary>
internal sealed class TestCertificates
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string ServerCertificateFile => Path.Combine(Folder, "server.pem");

    public string ServerKeyFile => Path.Combine(Folder, "server.key");

    public string ClientCertificateFile => Path.Combine(Folder, "client.pem");

    public string ClientKeyFile => Path.Combine(Folder, "client.key");

    /// <summary>Writes the server certificate and key as a password-protected PKCS#12 file and returns its path.</summary>
    public string WriteServerPkcs12(string password)
    {
        using var pem = X509Certificate2.CreateFromPemFile(ServerCertificateFile, ServerKeyFile);
        var path = Path.Combine(Folder, "server.pfx");
        File.WriteAllBytes(path, pem.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>The client certificate with its private key, as a TLS client presents it.</summary>
    public X509Certificate2 LoadClientCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(ClientCertificateFile, ClientKeyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    public static TestCertificates Create(string folder, string caName = "atlas-test-ca")
    {
        var certificates = new TestCertificates(folder);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(2));
        File.WriteAllText(certificates.CaFile, ca.ExportCertificatePem());

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        Issue(ca, now, "CN=localhost", san.Build(), new Oid("1.3.6.1.5.5.7.3.1"), certificates.ServerCertificateFile, certificates.ServerKeyFile, 1);
        Issue(ca, now, "CN=atlas-agent", null, new Oid("1.3.6.1.5.5.7.3.2"), certificates.ClientCertificateFile, certificates.ClientKeyFile, 2);
        return certificates;
    }

    private static void Issue(X509Certificate2 ca, DateTimeOffset now, string subject, X509Extension? san, Oid usage, string certificateFile, string keyFile, byte serial)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (san is not null) request.CertificateExtensions.Add(san);
        using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), [serial, 7, 7]);
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
