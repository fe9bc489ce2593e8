namespace Atlas.Agent.Configuration;

/// <summary>TLS to an external broker: the CA that signed the broker's certificate and an optional client certificate.</summary>
public sealed class MqttTlsOptions
{
    /// <summary>Connect with TLS. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate; when unset the system trust store is used.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>PEM client certificate for mutual TLS (with <see cref="ClientKeyFile"/>), or a PKCS#12 (.pfx) file.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of the client certificate (unused for .pfx files).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>The name expected in the broker's certificate; default the broker host.</summary>
    public string? TargetHost { get; set; }
}
