using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Atlas.Agent.Ingest;

namespace Atlas.Agent.Mqtt.Tls;

/// <summary>
/// Loads the certificates named in <c>Mqtt:Tls</c>: a certificate with its private key from PKCS#12 (<c>.pfx</c>,
/// <c>.p12</c>) or PEM (certificate file plus key file, the key optionally encrypted), and CA bundles from PEM.
/// Failures become an <see cref="AgentStartupException"/> that names the setting and the file, never the password.
/// </summary>
internal static class CertificateFiles
{
    /// <param name="setting">The configuration key of <paramref name="file"/>, for the error message.</param>
    /// <param name="file">The certificate (PEM or PKCS#12).</param>
    /// <param name="keyFile">The PEM private key; null reads the key from <paramref name="file"/> (PEM) or ignores it (PKCS#12).</param>
    /// <param name="password">The PKCS#12 or encrypted-key password; null when there is none.</param>
    public static X509Certificate2 LoadWithPrivateKey(string setting, string file, string? keyFile, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(file)
                ? X509CertificateLoader.LoadPkcs12FromFile(file, password)
                : LoadPem(file, keyFile, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The message of these exceptions never contains the password; it says what was wrong with the file.
            throw new AgentStartupException(
                $"{setting}: could not load the certificate and private key from '{file}'{(keyFile is null ? "" : $" and '{keyFile}'")}: {e.Message} " +
                "(check the files and Mqtt:Tls:KeyPassword)", e);
        }
        if (certificate.HasPrivateKey) return certificate;
        certificate.Dispose();
        throw new AgentStartupException($"{setting}: '{file}' holds a certificate without its private key; name the key file or use a .pfx that includes it");
    }

    /// <summary>Every certificate in a PEM bundle (the trusted authorities).</summary>
    public static X509Certificate2Collection LoadAuthorities(string setting, string file)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new AgentStartupException($"{setting}: could not read the CA certificates in '{file}': {e.Message}", e);
        }
        if (authorities.Count == 0)
            throw new AgentStartupException($"{setting}: '{file}' holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        return authorities;
    }

    private static bool IsPkcs12(string file) =>
        file.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2 LoadPem(string file, string? keyFile, string? password)
    {
        using var pem = password is null
            ? X509Certificate2.CreateFromPemFile(file, keyFile)
            : X509Certificate2.CreateFromEncryptedPemFile(file, password, keyFile);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
