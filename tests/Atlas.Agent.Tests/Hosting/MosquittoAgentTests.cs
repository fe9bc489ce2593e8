using System.Globalization;
using Atlas.Agent.Telemetry;
using Atlas.Agent.Tests.TestSupport;
using MQTTnet;

namespace Atlas.Agent.Tests.Hosting;

/// <summary>
/// The agent against a real mosquitto broker started by the test on a free loopback port, driven by the real
/// mosquitto_pub/mosquitto_sub command-line clients: predictions, MQTT 5 shared subscriptions across two agents,
/// and reconnection after the broker restarts with an adapted composition in force.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MosquittoAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);
    private readonly TempFolder _folder = new();
    private MosquittoBroker _broker = null!;
    private string _modelPath = null!;

    public async Task InitializeAsync()
    {
        _modelPath = TestModels.SaveClassifier(_folder.File("model.onnx"));
        _broker = await MosquittoBroker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _folder.Dispose();
    }

    private Task<AgentHarness> StartAgentAsync(string device, string? sharedGroup = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Model:Path"] = _modelPath,
            ["Mqtt:Mode"] = "External",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Agent:DeviceId"] = device,
            ["Agent:StateDirectory"] = _folder.File("state-" + device),
        };
        if (sharedGroup is not null) settings["Mqtt:SharedSubscriptionGroup"] = sharedGroup;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return AgentHarness.StartAsync(settings);
    }

    private string[] ClientArgs(params string[] rest) => ["-h", "127.0.0.1", "-p", _broker.Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", .. rest];

    [Fact]
    public async Task MosquittoPubFrame_ProducesPredictionReadByMosquittoSub()
    {
        await using var agent = await StartAgentAsync("cli-device");
        var image = _folder.File("frame.png");
        await File.WriteAllBytesAsync(image, FashionImages.Png(5));
        await using var sub = CliProcess.Start("mosquitto_sub", ClientArgs("-i", "cli-sub", "-t", "atlas/cli-device/predictions/cam7", "-C", "1", "-W", "30"));
        // mosquitto_sub's stdout is block-buffered when piped, so readiness is read from the broker's log instead.
        await _broker.WaitForLogAsync("Received SUBSCRIBE from cli-sub", ClientTimeout);

        var pub = await CliProcess.RunAsync("mosquitto_pub", ClientArgs("-t", "atlas/cli-device/frames/cam7", "-f", image,
            "-D", "publish", "user-property", "frame-id", "from-cli"), ClientTimeout);
        Assert.True(pub.ExitCode == 0, pub.Error);

        Assert.Equal(0, await sub.WaitForExitAsync(ClientTimeout));
        var json = sub.StandardOutput.Split('\n').Single(l => l.StartsWith('{'));
        var prediction = System.Text.Json.JsonDocument.Parse(json).RootElement;
        Assert.Equal("from-cli", prediction.GetProperty("frameId").GetString());
        Assert.Equal("cam7", prediction.GetProperty("camera").GetString());
        var expected = DirectModel.Logits(_modelPath, DirectModel.FashionSample(5), [1, 1, 28, 28]);
        Assert.Equal(Array.IndexOf(expected, expected.Max()), prediction.GetProperty("top")[0].GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task SharedSubscription_TwoAgentsSplitOneStreamWithoutDuplicates()
    {
        await using var first = await StartAgentAsync("worker-a", sharedGroup: "line1");
        await using var second = await StartAgentAsync("worker-b", sharedGroup: "line1");
        await using var client = await MqttTestClient.ConnectAsync(_broker.Port, "atlas/+/predictions/#");
        const int frames = 8;
        var png = FashionImages.Png(6);

        for (var i = 0; i < frames; i++)
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("atlas/camera-hub/frames/dock")
                .WithPayload(png).WithUserText("frame-id", $"s-{i}").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await client.WaitForAsync(m => m.Topic.Contains("/predictions/", StringComparison.Ordinal), skip: frames - 1);
        var predictions = client.Received.Where(m => m.Topic.Contains("/predictions/", StringComparison.Ordinal)).ToArray();
        var ids = predictions.Select(m => MqttTestClient.Json(m).GetProperty("frameId").GetString()).ToArray();
        Assert.Equal(Enumerable.Range(0, frames).Select(i => $"s-{i}").Order(), ids.Order());
        Assert.Contains(predictions, m => m.Topic == "atlas/worker-a/predictions/dock");
        Assert.Contains(predictions, m => m.Topic == "atlas/worker-b/predictions/dock");
    }

    [Fact]
    public async Task BrokerRestartMidStream_AdaptedCompositionKeepsServing_StatusRepublished()
    {
        var bank = RepositoryPaths.SampleBank();
        var state = _folder.File("state-adapted");
        var stored = SeededAdaptationState.Write(state, bank, [], 0.1f);
        var adapted = $"adapted-{stored[0]}";
        await using var agent = await StartAgentAsync("adapted", extra: new Dictionary<string, string?>
        {
            ["Model:Path"] = Path.Combine(bank, "base.onnx"),
            ["Adaptation:Bank"] = bank,
            ["Agent:StateDirectory"] = state,
        });
        await using (var before = await MqttTestClient.ConnectAsync(_broker.Port, "atlas/adapted/#"))
        {
            Assert.Equal(adapted, await ServedVersionAsync(before, "adapted", "before-restart"));
            Assert.Equal(adapted, MqttTestClient.Json(await before.WaitForTopicAsync("atlas/adapted/status", timeout: ClientTimeout))
                .GetProperty("model").GetProperty("version").GetString());
        }

        await _broker.StopAsync();
        await Task.Delay(300); // the agent notices the lost connection and starts its reconnect loop
        await _broker.RestartAsync();

        // Persistence is off: the retained status after the restart can only come from the agent republishing it.
        await using var client = await MqttTestClient.ConnectAsync(_broker.Port, "atlas/adapted/#");
        var status = MqttTestClient.Json(await client.WaitForTopicAsync("atlas/adapted/status", j => j.GetProperty("state").GetString() == "online", ClientTimeout));
        Assert.Equal(adapted, status.GetProperty("model").GetProperty("version").GetString());
        await using (var late = await MqttTestClient.ConnectAsync(_broker.Port, "atlas/adapted/status"))
            Assert.True((await late.WaitForTopicAsync("atlas/adapted/status", timeout: ClientTimeout)).Retain);
        for (int i = 0; i < 5; i++) Assert.Equal(adapted, await ServedVersionAsync(client, "adapted", $"after-restart-{i}"));
        Assert.True(agent.Get<AgentMetrics>().Reconnects >= 1);
    }

    private static async Task<string> ServedVersionAsync(MqttTestClient client, string device, string frameId)
    {
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"atlas/{device}/frames/cam1")
            .WithPayload(FashionImages.Png(7)).WithUserText("frame-id", frameId).Build());
        var prediction = await client.WaitForTopicAsync($"atlas/{device}/predictions/cam1", j => j.GetProperty("frameId").GetString() == frameId, ClientTimeout);
        return MqttTestClient.Json(prediction).GetProperty("modelVersion").GetString()!;
    }

    [Fact]
    public async Task MutualTls_AgentConnectsWithCaAndClientCertificate()
    {
        var certificates = TestCertificates.Create(_folder.Path);
        await using var tlsBroker = await MosquittoBroker.StartAsync(
            $"cafile {certificates.CaFile}\ncertfile {certificates.ServerCertificateFile}\nkeyfile {certificates.ServerKeyFile}\nrequire_certificate true");
        await using var agent = await AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = _modelPath,
            ["Mqtt:Mode"] = "External",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = tlsBroker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:CaCertificateFile"] = certificates.CaFile,
            ["Mqtt:Tls:ClientCertificateFile"] = certificates.ClientCertificateFile,
            ["Mqtt:Tls:ClientKeyFile"] = certificates.ClientKeyFile,
            ["Agent:DeviceId"] = "tls-device",
            ["Agent:StateDirectory"] = _folder.File("state-tls"),
        });

        // Read the retained status over TLS with the real mosquitto_sub.
        var sub = await CliProcess.RunAsync("mosquitto_sub", ["-h", "127.0.0.1", "-p", tlsBroker.Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5",
            "--cafile", certificates.CaFile, "--cert", certificates.ClientCertificateFile, "--key", certificates.ClientKeyFile,
            "-t", "atlas/tls-device/status", "-C", "1", "-W", "20"], ClientTimeout);
        Assert.True(sub.ExitCode == 0, sub.Error);
        Assert.Contains("\"online\"", sub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokerCertificateFromAnotherCa_IsNotTrusted()
    {
        var trusted = TestCertificates.Create(Directory.CreateDirectory(_folder.File("trusted")).FullName, "trusted-ca");
        var other = TestCertificates.Create(Directory.CreateDirectory(_folder.File("other")).FullName, "other-ca");
        var authorities = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        authorities.ImportFromPemFile(trusted.CaFile);
        using var good = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(trusted.ServerCertificateFile);
        using var bad = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(other.ServerCertificateFile);

        Assert.True(Atlas.Agent.Mqtt.MqttClientOptionsFactory.IsTrusted(good, System.Net.Security.SslPolicyErrors.None, authorities));
        Assert.False(Atlas.Agent.Mqtt.MqttClientOptionsFactory.IsTrusted(bad, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, authorities));
        Assert.False(Atlas.Agent.Mqtt.MqttClientOptionsFactory.IsTrusted(good, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch, authorities));
    }
}
