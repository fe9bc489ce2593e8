using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>
/// The start-up checks of <c>Mqtt:Tls</c> that depend on the broker mode: which settings apply to the embedded broker
/// and which to an external one, what each needs, and that every named file exists. Paths are named; the key
/// password never is.
/// </summary>
internal static class MqttTlsRules
{
    private const string Prefix = nameof(MqttOptions.Tls) + ":";

    public static IEnumerable<ValidationResult> Validate(MqttOptions options)
    {
        var tls = options.Tls;
        if (!tls.Enabled) yield break;
        var results = options.Mode == BrokerMode.Embedded ? Embedded(options) : External(tls);
        foreach (var result in results) yield return result;
    }

    private static IEnumerable<ValidationResult> Embedded(MqttOptions options)
    {
        var tls = options.Tls;
        foreach (var (name, value) in new[]
                 {
                     (nameof(MqttTlsOptions.CaCertificateFile), tls.CaCertificateFile), (nameof(MqttTlsOptions.ClientCertificateFile), tls.ClientCertificateFile),
                     (nameof(MqttTlsOptions.ClientKeyFile), tls.ClientKeyFile), (nameof(MqttTlsOptions.TargetHost), tls.TargetHost),
                 })
        {
            if (value is not null)
                yield return Error($"applies to an external broker (Mode=External); for the embedded broker use ServerCertificateFile, ServerKeyFile and ClientCaCertificateFile", name);
        }
        if (tls.ServerCertificateFile is null)
            yield return Error("the embedded broker serves TLS only with a server certificate: set ServerCertificateFile (PEM with ServerKeyFile, or .pfx/.p12)", nameof(MqttTlsOptions.ServerCertificateFile));
        if (tls.RequireClientCertificate && tls.ClientCaCertificateFile is null)
            yield return Error("mutual TLS needs the CA that client certificates must chain to", nameof(MqttTlsOptions.ClientCaCertificateFile));
        if (!tls.RequireClientCertificate && tls.ClientCaCertificateFile is not null)
            yield return Error("applies only with RequireClientCertificate=true", nameof(MqttTlsOptions.ClientCaCertificateFile));
        if (tls.LoopbackPlainPort == options.Port)
            yield return Error($"must differ from Mqtt:Port ({options.Port}), where the broker serves TLS", nameof(MqttTlsOptions.LoopbackPlainPort));
        foreach (var missing in MissingFiles((nameof(MqttTlsOptions.ServerCertificateFile), tls.ServerCertificateFile),
                     (nameof(MqttTlsOptions.ServerKeyFile), tls.ServerKeyFile), (nameof(MqttTlsOptions.ClientCaCertificateFile), tls.ClientCaCertificateFile)))
            yield return missing;
    }

    private static IEnumerable<ValidationResult> External(MqttTlsOptions tls)
    {
        foreach (var (name, set) in new[]
                 {
                     (nameof(MqttTlsOptions.ServerCertificateFile), tls.ServerCertificateFile is not null), (nameof(MqttTlsOptions.ServerKeyFile), tls.ServerKeyFile is not null),
                     (nameof(MqttTlsOptions.RequireClientCertificate), tls.RequireClientCertificate), (nameof(MqttTlsOptions.ClientCaCertificateFile), tls.ClientCaCertificateFile is not null),
                     (nameof(MqttTlsOptions.LoopbackPlainPort), tls.LoopbackPlainPort is not null),
                 })
        {
            if (set) yield return Error("applies to the embedded broker (Mode=Embedded) only", name);
        }
        if (tls.ClientKeyFile is not null && tls.ClientCertificateFile is null)
            yield return Error("a client key needs ClientCertificateFile", nameof(MqttTlsOptions.ClientKeyFile));
        foreach (var missing in MissingFiles((nameof(MqttTlsOptions.CaCertificateFile), tls.CaCertificateFile),
                     (nameof(MqttTlsOptions.ClientCertificateFile), tls.ClientCertificateFile), (nameof(MqttTlsOptions.ClientKeyFile), tls.ClientKeyFile)))
            yield return missing;
    }

    private static IEnumerable<ValidationResult> MissingFiles(params (string Name, string? Path)[] files) =>
        files.Where(f => f.Path is not null && !File.Exists(f.Path))
            .Select(f => Error($"the file '{f.Path}' does not exist (resolved to '{Path.GetFullPath(f.Path!)}')", f.Name));

    private static ValidationResult Error(string message, string member) => new(message, [Prefix + member]);
}
