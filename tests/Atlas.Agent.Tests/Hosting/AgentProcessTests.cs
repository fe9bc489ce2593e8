using System.Globalization;
using Atlas.Agent.Tests.TestSupport;
using MQTTnet;

namespace Atlas.Agent.Tests.Hosting;

/// <summary>
/// The real <c>atlas</c> executable as a child process (<c>dotnet atlas.dll run ...</c>): the last will when it is
/// killed, the no-argument start with the sample model path and the embedded broker, and the fail-fast message when
/// the model is missing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string AgentDll = Path.Combine(AppContext.BaseDirectory, "atlas.dll");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CliProcess StartAgent(IEnumerable<string> arguments, string workingDirectory, Dictionary<string, string>? environment = null) =>
        CliProcess.Start("dotnet", [AgentDll, "run", .. arguments], workingDirectory, environment);

    [Fact]
    public async Task KilledAgent_StatusGoesOfflineThroughLastWill()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var model = TestModels.SaveClassifier(_folder.File("model.onnx"));
        await using var client = await MqttTestClient.ConnectAsync(broker.Port, "atlas/doomed/status", "atlas/doomed/events");
        await using var agent = StartAgent(["--broker", $"127.0.0.1:{broker.Port}", "--model", model, "--device", "doomed", "--state-dir", _folder.File("state")], _folder.Path);

        var online = MqttTestClient.Json(await client.WaitForTopicAsync("atlas/doomed/status", j => j.GetProperty("state").GetString() == "online", Timeout));
        var published = MqttTestClient.Json(await client.WaitForTopicAsync("atlas/doomed/events", j => j.GetProperty("type").GetString() == "model-published", Timeout));
        Assert.Equal(online.GetProperty("model").GetProperty("version").GetString(), published.GetProperty("version").GetString());
        agent.Kill();

        var offline = MqttTestClient.Json(await client.WaitForTopicAsync("atlas/doomed/status", j => j.GetProperty("state").GetString() == "offline", Timeout));
        Assert.Equal("connection lost", offline.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Sigterm_StopsGracefullyPublishingOfflineAndExitsZero()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var model = TestModels.SaveClassifier(_folder.File("model.onnx"));
        await using var client = await MqttTestClient.ConnectAsync(broker.Port, "atlas/polite/status");
        await using var agent = StartAgent(["--broker", $"127.0.0.1:{broker.Port}", "--model", model, "--device", "polite", "--state-dir", _folder.File("state")], _folder.Path);
        await client.WaitForTopicAsync("atlas/polite/status", j => j.GetProperty("state").GetString() == "online", Timeout);

        var signal = await CliProcess.RunAsync("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)], Timeout);
        Assert.Equal(0, signal.ExitCode);

        var offline = MqttTestClient.Json(await client.WaitForTopicAsync("atlas/polite/status", j => j.GetProperty("state").GetString() == "offline", Timeout));
        Assert.Equal("stopped", offline.GetProperty("reason").GetString());
        Assert.Equal(0, await agent.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task NoArguments_StartsEmbeddedBrokerAndServesTheSamplePath()
    {
        var sample = Path.Combine(_folder.Path, "samples", "fashion-camera", "base.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(sample)!);
        TestModels.SaveClassifier(sample);
        var port = FreePort.Next();
        // No arguments; the port (1883 by default, which tests avoid) and device come from ATLAS_ environment variables.
        await using var agent = StartAgent([], _folder.Path, new Dictionary<string, string>
        {
            ["ATLAS_MQTT__PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["ATLAS_AGENT__DEVICEID"] = "fresh",
        });
        await agent.WaitForOutputAsync("Connected to MQTT broker", Timeout);

        await using var client = await MqttTestClient.ConnectAsync(port, "atlas/fresh/#");
        var status = MqttTestClient.Json(await client.WaitForTopicAsync("atlas/fresh/status", timeout: Timeout));
        Assert.Equal("online", status.GetProperty("state").GetString());
        Assert.EndsWith(Path.Combine("samples", "fashion-camera", "base.onnx"), status.GetProperty("model").GetProperty("path").GetString(), StringComparison.Ordinal);
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("atlas/fresh/frames/cam").WithPayload(FashionImages.Png(8))
            .WithUserText("frame-id", "fresh-1").Build());
        await client.WaitForTopicAsync("atlas/fresh/predictions/cam", j => j.GetProperty("frameId").GetString() == "fresh-1", Timeout);
    }

    [Fact]
    public async Task NoArgumentsWithoutSample_FailsFastNamingTheFileAndTheFix()
    {
        var (code, _, error) = await CliProcess.RunAsync("dotnet", [AgentDll, "run"], Timeout, _folder.Path,
            new Dictionary<string, string> { ["ATLAS_MQTT__PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(2, code);
        Assert.Contains("samples/fashion-camera/base.onnx", error, StringComparison.Ordinal);
        Assert.Contains("--model", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidSettings_FailAtStartListingEverySettingPath()
    {
        var model = TestModels.SaveClassifier(_folder.File("model.onnx"));
        var (code, _, error) = await CliProcess.RunAsync("dotnet",
            [AgentDll, "run", "--model", model, "--Mqtt:KeepAliveSeconds=0", "--Ingest:QueueCapacity=0", "--Runtime:TopK=-1"], Timeout, _folder.Path);

        Assert.Equal(2, code);
        Assert.Contains("Mqtt:KeepAliveSeconds", error, StringComparison.Ordinal);
        Assert.Contains("Ingest:QueueCapacity", error, StringComparison.Ordinal);
        Assert.Contains("Runtime:TopK", error, StringComparison.Ordinal);
    }
}
