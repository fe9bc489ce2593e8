using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Server;

namespace Atlas.Agent.Mqtt.Tls;

/// <summary>
/// TLS of the embedded broker (<c>Mqtt:Tls</c> with <c>Mode=Embedded</c>): the server certificate, the CA that client
/// certificates must chain to under mutual TLS, the optional plain listener on loopback, and how the agent's own
/// client reaches its broker in each case. The own client trusts exactly the loaded server certificate (pinned, so it
/// needs neither a CA nor a matching host name) and, under mutual TLS, presents a certificate made at start and never
/// stored, which the broker accepts by pinning too. Certificates load when this is created, so a bad file or key
/// password stops the start. Inert for an external broker or without TLS.
/// </summary>
internal sealed class EmbeddedBrokerTls : IDisposable
{
    private readonly MqttOptions _options;
    private readonly AgentMetrics _metrics;
    private readonly ILogger<EmbeddedBrokerTls> _logger;
    private readonly X509Certificate2? _serverCertificate;
    private readonly X509Certificate2Collection? _clientAuthorities;
    private readonly X509Certificate2? _internalClientCertificate;

    public EmbeddedBrokerTls(IOptions<MqttOptions> options, AgentMetrics metrics, ILogger<EmbeddedBrokerTls> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        var tls = _options.Tls;
        Enabled = _options.Mode == BrokerMode.Embedded && tls.Enabled;
        if (!Enabled) return;
        try
        {
            _serverCertificate = CertificateFiles.LoadWithPrivateKey("Mqtt:Tls:ServerCertificateFile", tls.ServerCertificateFile!, tls.ServerKeyFile, tls.KeyPassword);
            if (tls.RequireClientCertificate)
            {
                _clientAuthorities = CertificateFiles.LoadAuthorities("Mqtt:Tls:ClientCaCertificateFile", tls.ClientCaCertificateFile!);
                _internalClientCertificate = CreateInternalClientCertificate();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>True when the embedded broker serves TLS.</summary>
    public bool Enabled { get; }

    /// <summary>The TLS endpoint on <paramref name="address"/>:<paramref name="port"/>, and the plain endpoint on loopback or none.</summary>
    public MqttServerOptionsBuilder ConfigureServer(MqttServerOptionsBuilder builder, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(address);
        if (!Enabled) throw new InvalidOperationException("TLS is not enabled on the embedded broker.");
        builder = builder.WithEncryptedEndpoint().WithEncryptedEndpointPort(port).WithEncryptionCertificate(_serverCertificate!);
        builder = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? builder.WithEncryptedEndpointBoundIPAddress(IPAddress.None).WithEncryptedEndpointBoundIPV6Address(address)
            : builder.WithEncryptedEndpointBoundIPAddress(address).WithEncryptedEndpointBoundIPV6Address(IPAddress.None);
        if (_options.Tls.RequireClientCertificate)
            builder = builder.WithClientCertificate(ValidateClientCertificate);
        return _options.Tls.LoopbackPlainPort is { } plain
            ? builder.WithDefaultEndpoint().WithDefaultEndpointPort(plain)
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            : builder.WithoutDefaultEndpoint();
    }

    /// <summary>Points the agent's own client at its embedded broker: plain loopback when available, else TLS with pinning.</summary>
    public MqttClientOptionsBuilder ConfigureInternalClient(MqttClientOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!Enabled) return builder.WithTcpServer(ConnectAddress(_options.Host), _options.Port);
        if (_options.Tls.LoopbackPlainPort is { } plain) return builder.WithTcpServer(IPAddress.Loopback.ToString(), plain);
        var server = _serverCertificate!;
        var tls = new MqttClientTlsOptionsBuilder().UseTls(true).WithTargetHost(server.GetNameInfo(X509NameType.DnsName, false) is { Length: > 0 } name ? name : "localhost")
            .WithCertificateValidationHandler(e => CertificateTrust.IsSame(e.Certificate, server));
        if (_internalClientCertificate is not null) tls = tls.WithClientCertificates([_internalClientCertificate]);
        return builder.WithTcpServer(ConnectAddress(_options.Host), _options.Port).WithTlsOptions(tls.Build());
    }

    /// <summary>Where a client on this machine reaches a broker bound to <paramref name="host"/> (the wildcard addresses mean loopback).</summary>
    internal static string ConnectAddress(string host)
    {
        if (host == "localhost" || !IPAddress.TryParse(host, out var address)) return IPAddress.Loopback.ToString();
        if (address.Equals(IPAddress.Any)) return IPAddress.Loopback.ToString();
        if (address.Equals(IPAddress.IPv6Any)) return IPAddress.IPv6Loopback.ToString();
        return address.ToString();
    }

    public void Dispose()
    {
        _serverCertificate?.Dispose();
        _internalClientCertificate?.Dispose();
        if (_clientAuthorities is null) return;
        foreach (var authority in _clientAuthorities) authority.Dispose();
    }

    private bool ValidateClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null &&
            (CertificateTrust.IsSame(certificate, _internalClientCertificate!) ||
             CertificateTrust.ChainsTo(certificate, _clientAuthorities!, CertificateTrust.ClientAuthentication)))
            return true;
        _metrics.BrokerConnectionRefused();
        AgentLog.BrokerRefusedCertificate(_logger, certificate?.Subject ?? "(none presented)");
        return false;
    }

    /// <summary>A self-signed client certificate for the agent's own client, valid for this process only (its key never leaves memory).</summary>
    private static X509Certificate2 CreateInternalClientCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=atlas-internal-client", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([CertificateTrust.ClientAuthentication], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
        // Round-trip through PKCS#12 so SslStream can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
