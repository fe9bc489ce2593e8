using System.Globalization;
using Atlas.Agent.Hosting;
using Atlas.Agent.Ingest;
using Atlas.Agent.Mqtt.Access;
using Atlas.Agent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Packets;

namespace Atlas.Agent.Tests.Hosting;

/// <summary>
/// Recognisable secrets (broker users' passwords and hashes, the external-broker password, the TLS key password) are
/// configured, then the agent is driven through everything that logs or publishes: logins (good and bad), frames
/// (good and bad), configuration (applied and rejected), commands (known and unknown), metrics. No secret may appear
/// in the captured logs (Trace level), in any message the agent publishes, or in the errors a bad configuration raises.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SecretsNeverLeakTests : IDisposable
{
    private const string Root = "atlas/test-device";
    private const string CameraPassword = "SECRET-camera-5b1e";
    private const string OperatorPassword = "SECRET-operator-a9d0";
    private const string ViewerPassword = "SECRET-viewer-0c77";
    private const string ExternalPassword = "SECRET-external-62f4";
    private const string KeyPassword = "SECRET-tls-key-d3a8";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempFolder _folder = new();
    private readonly string _operatorVariable = "ATLAS_TEST_SECRET_OPS_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_operatorVariable, null);
        _folder.Dispose();
    }

    private static void AssertNoSecret(string text, IEnumerable<string> secrets, string where)
    {
        foreach (var secret in secrets)
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the secret '{secret}' appears in {where}");
    }

    /// <summary>Whether the broker accepts the login (MQTTnet reports a refusal either in the result or by throwing).</summary>
    private static async Task<bool> LogsInAsync(int port, string user, string password)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithCredentials(user, password).Build(), timeout.Token);
            return result.ResultCode == MqttClientConnectResultCode.Success;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return false;
        }
    }

    [Fact]
    public async Task ConfiguredSecrets_NeverAppearInLogsOrAnyMessageTheAgentPublishes()
    {
        Environment.SetEnvironmentVariable(_operatorVariable, OperatorPassword);
        var certificates = TestCertificates.Create(Directory.CreateDirectory(_folder.File("ca")).FullName);
        var cameraHash = PasswordHasher.Hash(CameraPassword, iterations: 1_000);
        var viewerHash = PasswordHasher.Hash(ViewerPassword, iterations: 1_000);
        var plainPort = FreePort.Next();
        var logs = new LogCapture();
        await using var agent = await AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = TestModels.SaveClassifier(_folder.File("model.onnx")),
            ["Mqtt:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Plugins:Directories:0"] = Directory.CreateDirectory(_folder.File("plugins")).FullName,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Runtime:LogLevel"] = "Trace",
            ["Runtime:MetricsIntervalSeconds"] = "1",
            // Set but unused with the embedded broker: a configured secret all the same.
            ["Mqtt:Username"] = "upstream",
            ["Mqtt:Password"] = ExternalPassword,
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:ServerCertificateFile"] = certificates.WriteServerPkcs12(KeyPassword),
            ["Mqtt:Tls:KeyPassword"] = KeyPassword,
            ["Mqtt:Tls:LoopbackPlainPort"] = plainPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Auth:Enabled"] = "true",
            ["Mqtt:Auth:Users:0:Name"] = "cam1",
            ["Mqtt:Auth:Users:0:Role"] = "Camera",
            ["Mqtt:Auth:Users:0:PasswordHash"] = cameraHash,
            ["Mqtt:Auth:Users:1:Name"] = "ops",
            ["Mqtt:Auth:Users:1:Role"] = "Operator",
            ["Mqtt:Auth:Users:1:PasswordEnvironmentVariable"] = _operatorVariable,
            ["Mqtt:Auth:Users:2:Name"] = "dashboard",
            ["Mqtt:Auth:Users:2:Role"] = "Viewer",
            ["Mqtt:Auth:Users:2:PasswordHash"] = viewerHash,
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        string[] secrets = [CameraPassword, OperatorPassword, ViewerPassword, ExternalPassword, KeyPassword, cameraHash, viewerHash];

        await using var operatorClient = await MqttTestClient.ConnectAsAsync(plainPort, "ops", OperatorPassword,
            $"{Root}/status", $"{Root}/metrics", $"{Root}/events", $"{Root}/config/reported", $"{Root}/responses/#", $"{Root}/predictions/#");
        await using var camera = await MqttTestClient.ConnectAsAsync(plainPort, "cam1", CameraPassword);
        // Bad logins carrying real secrets as the wrong password: refused, logged, never echoed.
        Assert.False(await LogsInAsync(plainPort, "cam1", OperatorPassword));
        Assert.False(await LogsInAsync(plainPort, "dashboard", KeyPassword));

        await camera.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/frames/cam1").WithPayload(FashionImages.Png(1))
            .WithUserText("frame-id", "good").Build());
        await camera.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/frames/cam1").WithPayload("not an image"u8.ToArray())
            .WithUserText("frame-id", "bad").Build());
        await operatorClient.PublishJsonAsync($"{Root}/config/desired", """{ "version": 2, "topK": 2 }""", retain: true);
        await operatorClient.PublishJsonAsync($"{Root}/config/desired", """{ "version": 3, "topK": -1, "password": "x" }""", retain: true);
        await operatorClient.WaitForTopicAsync($"{Root}/predictions/cam1", timeout: Timeout);
        await operatorClient.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "bad-frame", Timeout);
        await operatorClient.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "config-rejected", Timeout);
        await operatorClient.WaitForTopicAsync($"{Root}/config/reported", j => j.GetProperty("status").GetString() == "rejected", Timeout);
        await operatorClient.WaitForTopicAsync($"{Root}/metrics", timeout: Timeout);
        foreach (var command in new[] { "status", "snapshot", "no-such-command" })
            await AgentTraffic.CommandAsync(operatorClient, Root, command, $"{Root}/responses/{command}");

        var published = operatorClient.Received;
        Assert.Contains(published, m => m.Topic == $"{Root}/status");
        foreach (var message in published)
        {
            var text = MqttTestClient.Text(message) + string.Concat(message.UserProperties?.Select(p => p.Name + p.ReadValueAsString()) ?? []);
            AssertNoSecret(text, secrets, $"the message on {message.Topic}");
        }
        var logText = logs.Text;
        Assert.Contains("refused connection", logText, StringComparison.Ordinal);
        AssertNoSecret(logText, secrets, "the logs");
    }

    [Fact]
    public void RemoteSettings_HoldNoSecret_SoConfigReportedCannotPublishOne()
    {
        static IEnumerable<System.Reflection.PropertyInfo> Walk(Type type, int depth) =>
            depth > 4 ? [] : type.GetProperties().SelectMany(p =>
                p.PropertyType.Namespace == type.Namespace && p.PropertyType.IsClass ? Walk(p.PropertyType, depth + 1).Prepend(p) : [p]);

        var settings = Walk(typeof(Atlas.Agent.Configuration.RuntimeSettings), 0).ToArray();
        var secrets = Walk(typeof(Atlas.Agent.Configuration.MqttOptions), 0).Where(p => p.IsDefined(typeof(Atlas.Agent.Configuration.SecretAttribute), true)).ToArray();

        Assert.Contains(settings, p => p.Name == nameof(Atlas.Agent.Configuration.RuntimeSettings.TopK));
        Assert.DoesNotContain(settings, p => p.IsDefined(typeof(Atlas.Agent.Configuration.SecretAttribute), true));
        // The same walk does find secrets where they are: the external-broker password and the TLS key password.
        Assert.Equal(["KeyPassword", "Password"], secrets.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InvalidSettings_ErrorsNameTheSettingButNeverEchoTheSecret()
    {
        // Longer than MQTT allows, so the length rule fails on the password itself; and no user name for it.
        var tooLong = string.Concat(Enumerable.Repeat(ExternalPassword, 65535 / ExternalPassword.Length + 1));
        var error = Assert.Throws<OptionsValidationException>(() => AgentHostFactory.Build(null, [], new Dictionary<string, string?>
        {
            ["Mqtt:Password"] = tooLong,
            ["Mqtt:Auth:Enabled"] = "true",
            ["Mqtt:Auth:Users:0:Name"] = "cam1",
            ["Mqtt:Auth:Users:0:PasswordHash"] = "pbkdf2-" + CameraPassword,
        }).Dispose());

        Assert.Contains(error.Failures, f => f.StartsWith("Mqtt:Password:", StringComparison.Ordinal) && f.Contains("a secret, not shown", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Mqtt:Username:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Mqtt:Auth:Users:0:PasswordHash:", StringComparison.Ordinal));
        AssertNoSecret(error.ToString() + string.Join('\n', error.Failures), [ExternalPassword, CameraPassword], "the validation errors");
    }

    [Fact]
    public async Task WrongClientKeyPasswordForAnExternalBroker_StopsTheStartWithoutEchoingIt()
    {
        var certificates = TestCertificates.Create(Directory.CreateDirectory(_folder.File("ca")).FullName);
        using var client = certificates.LoadClientCertificate();
        var pfx = _folder.File("client.pfx");
        await File.WriteAllBytesAsync(pfx, client.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "the-right-one"));
        using var host = AgentHostFactory.Build(null, [], new Dictionary<string, string?>
        {
            ["Model:Path"] = TestModels.SaveClassifier(_folder.File("model.onnx")),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Mqtt:Mode"] = "External",
            ["Mqtt:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:CaCertificateFile"] = certificates.CaFile,
            ["Mqtt:Tls:ClientCertificateFile"] = pfx,
            ["Mqtt:Tls:KeyPassword"] = KeyPassword,
        });

        var error = await Assert.ThrowsAsync<AgentStartupException>(() => host.StartAsync());

        Assert.Contains("Mqtt:Tls:ClientCertificateFile", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error.ToString(), [KeyPassword], "the start-up error");
    }

    [Fact]
    public async Task AtlasRunWithAWrongKeyPasswordFromTheEnvironment_ExitsNamingTheFileNotThePassword()
    {
        var certificates = TestCertificates.Create(Directory.CreateDirectory(_folder.File("ca")).FullName);
        var pfx = certificates.WriteServerPkcs12("the-right-one");
        var model = TestModels.SaveClassifier(_folder.File("model.onnx"));

        var (code, output, error) = await CliProcess.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "atlas.dll"), "run", "--model", model, "--state-dir", _folder.File("state"),
                "--Mqtt:Tls:Enabled=true", $"--Mqtt:Tls:ServerCertificateFile={pfx}"],
            TimeSpan.FromSeconds(60), _folder.Path, new Dictionary<string, string>
            {
                ["ATLAS_MQTT__PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["ATLAS_MQTT__TLS__KEYPASSWORD"] = KeyPassword,
            });

        Assert.Equal(2, code);
        Assert.Contains("Mqtt:Tls:ServerCertificateFile", error, StringComparison.Ordinal);
        Assert.Contains(pfx, error, StringComparison.Ordinal);
        AssertNoSecret(output + error, [KeyPassword], "the output of atlas run");
    }
}
