using Atlas.Agent.Hosting;
using Atlas.Agent.Mqtt.Tls;
using Atlas.Agent.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Tests.Configuration;

/// <summary>Start-up checks of <c>Mqtt:Tls</c>: what each broker mode needs and refuses, and that named files exist.</summary>
public sealed class TlsValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string[] Failures(Dictionary<string, string?> settings) =>
        Assert.Throws<OptionsValidationException>(() => AgentHostFactory.Build(null, [], settings).Dispose()).Failures.ToArray();

    [Fact]
    public void EmbeddedTlsWithoutServerCertificate_IsRefusedNamingTheSetting()
    {
        var failures = Failures(new() { ["Mqtt:Tls:Enabled"] = "true" });

        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:ServerCertificateFile:", StringComparison.Ordinal));
    }

    [Fact]
    public void EmbeddedTlsWithExternalOnlySettingsMissingFilesAndMutualTlsWithoutCa_ListsEveryProblem()
    {
        var failures = Failures(new()
        {
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:ServerCertificateFile"] = _folder.File("missing.pem"),
            ["Mqtt:Tls:ClientCertificateFile"] = _folder.File("client.pem"),
            ["Mqtt:Tls:RequireClientCertificate"] = "true",
            ["Mqtt:Tls:LoopbackPlainPort"] = "1883",
        });

        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:ServerCertificateFile:", StringComparison.Ordinal) && f.Contains("missing.pem", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:ClientCertificateFile:", StringComparison.Ordinal) && f.Contains("external", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:ClientCaCertificateFile:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:LoopbackPlainPort:", StringComparison.Ordinal) && f.Contains("1883", StringComparison.Ordinal));
    }

    [Fact]
    public void ExternalTlsWithEmbeddedOnlySettings_IsRefused()
    {
        var failures = Failures(new()
        {
            ["Mqtt:Mode"] = "External",
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:RequireClientCertificate"] = "true",
            ["Mqtt:Tls:LoopbackPlainPort"] = "1884",
            ["Mqtt:Tls:ClientKeyFile"] = _folder.File("client.key"),
        });

        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:RequireClientCertificate:", StringComparison.Ordinal) && f.Contains("embedded", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:LoopbackPlainPort:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Tls:ClientKeyFile:", StringComparison.Ordinal) && f.Contains("ClientCertificateFile", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("0.0.0.0", "127.0.0.1")]
    [InlineData("::", "::1")]
    [InlineData("192.168.4.20", "192.168.4.20")]
    public void InternalClient_ReachesTheBrokerOnLoopbackWhenItBindsEverywhere(string bound, string expected) =>
        Assert.Equal(expected, EmbeddedBrokerTls.ConnectAddress(bound));
}
