using System.Text;
using System.Text.Json;
using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Atlas.Agent.Tests.TestSupport;
using MQTTnet;

namespace Atlas.Agent.Tests.Hosting;

/// <summary>
/// The whole agent in-process with its embedded MQTTnet broker on a free loopback port, driven by a real MQTT 5
/// client: frames in, predictions out, remote configuration, commands, bad frames.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EmbeddedAgentTests : IAsyncLifetime
{
    private const string Root = "atlas/test-device";
    private readonly TempFolder _folder = new();
    private readonly int _port = FreePort.Next();
    private AgentHarness _agent = null!;
    private MqttTestClient _client = null!;
    private string _modelPath = null!;

    public async Task InitializeAsync()
    {
        _modelPath = TestModels.SaveClassifier(_folder.File("model.onnx"));
        _agent = await AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = _modelPath,
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Plugins:Directories:0"] = Directory.CreateDirectory(_folder.File("plugins")).FullName,
        });
        _client = await MqttTestClient.ConnectAsync(_port, $"{Root}/#");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _agent.DisposeAsync();
        _folder.Dispose();
    }

    private Task PublishFrameAsync(string camera, string frameId, byte[] payload, string? contentType = null, string? shape = null)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic($"{Root}/frames/{camera}").WithPayload(payload)
            .WithUserText("frame-id", frameId).WithUserText("timestamp", "2026-01-01T00:00:00Z");
        if (contentType is not null) builder = builder.WithContentType(contentType);
        if (shape is not null) builder = builder.WithUserText("shape", shape);
        return _client.PublishAsync(builder.Build());
    }

    private Task<MqttApplicationMessage> PredictionAsync(string frameId) =>
        _client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == frameId);

    [Fact]
    public async Task PngFrame_ProducesPredictionMatchingOnnxRuntimeDirectly()
    {
        await PublishFrameAsync("cam1", "f-1", FashionImages.Png(0));

        var prediction = MqttTestClient.Json(await PredictionAsync("f-1"));

        var expected = DirectModel.Softmax(DirectModel.Logits(_modelPath, DirectModel.FashionSample(0), [1, 1, 28, 28]));
        var top = prediction.GetProperty("top").EnumerateArray().ToArray();
        Assert.Equal(3, top.Length);
        var order = expected.Select((p, i) => (p, i)).OrderByDescending(t => t.p).Take(3).ToArray();
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(order[k].i, top[k].GetProperty("index").GetInt32());
            Assert.Equal(TestModels.Labels[order[k].i], top[k].GetProperty("label").GetString());
            Assert.Equal(order[k].p, top[k].GetProperty("score").GetDouble(), 1e-5); // f32 inference vs f64 softmax
        }
        Assert.Equal("cam1", prediction.GetProperty("camera").GetString());
        Assert.Equal("2026-01-01T00:00:00Z", prediction.GetProperty("timestamp").GetString());
        Assert.StartsWith("base-", prediction.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);
        Assert.True(prediction.GetProperty("latencyMilliseconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task RawTensorFrame_IsServedAsIs()
    {
        var sample = DirectModel.FashionSample(3);
        var bytes = new byte[sample.Length * 4];
        Buffer.BlockCopy(sample, 0, bytes, 0, bytes.Length);

        await PublishFrameAsync("cam1", "t-1", bytes, "application/x-atlas-tensor", "1,28,28");

        var prediction = MqttTestClient.Json(await PredictionAsync("t-1"));
        var expected = DirectModel.Logits(_modelPath, sample, [1, 1, 28, 28]);
        Assert.Equal(Array.IndexOf(expected, expected.Max()), prediction.GetProperty("top")[0].GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task StatusTopic_IsRetainedOnlineWithModelInfo()
    {
        var status = MqttTestClient.Json(await _client.WaitForTopicAsync($"{Root}/status"));
        Assert.Equal("online", status.GetProperty("state").GetString());
        Assert.Equal(10, status.GetProperty("model").GetProperty("classes").GetInt32());
        Assert.Equal([1L, 28, 28], status.GetProperty("model").GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task ConfigChange_IsAppliedPersistedAndReported()
    {
        await _client.PublishJsonAsync($"{Root}/config/desired", """{ "version": 7, "topK": 1, "scoreThreshold": 0.0, "adaptation": { "enabled": true } }""", retain: true);

        var reported = MqttTestClient.Json(await _client.WaitForTopicAsync($"{Root}/config/reported", j => j.GetProperty("version").GetInt64() == 7));
        Assert.Equal("applied", reported.GetProperty("status").GetString());
        Assert.Equal(1, reported.GetProperty("settings").GetProperty("topK").GetInt32());
        Assert.True(reported.GetProperty("settings").GetProperty("adaptation").GetProperty("enabled").GetBoolean());
        var persisted = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder.File("state"), RuntimeConfigService.StateFileName))).RootElement;
        Assert.Equal(7, persisted.GetProperty("version").GetInt64());

        await PublishFrameAsync("cam1", "after-config", FashionImages.Png(1));
        var prediction = MqttTestClient.Json(await PredictionAsync("after-config"));
        Assert.Single(prediction.GetProperty("top").EnumerateArray());
        await _client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "config-applied");
    }

    [Fact]
    public async Task InvalidConfig_IsRejectedWithEveryErrorAndOldSettingsStay()
    {
        await _client.PublishJsonAsync($"{Root}/config/desired", """{ "version": 2, "topK": 2 }""");
        await _client.WaitForTopicAsync($"{Root}/config/reported", j => j.GetProperty("version").GetInt64() == 2);

        await _client.PublishJsonAsync($"{Root}/config/desired", """{ "version": 3, "topK": 0, "logLevel": "Loud", "colour": "red", "metricsIntervalSeconds": "ten" }""");

        var reported = MqttTestClient.Json(await _client.WaitForTopicAsync($"{Root}/config/reported", j => j.GetProperty("status").GetString() == "rejected"));
        Assert.Equal(2, reported.GetProperty("version").GetInt64());
        var rejected = reported.GetProperty("rejected");
        Assert.Equal(3, rejected.GetProperty("version").GetInt64());
        var errors = rejected.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains(errors, e => e.StartsWith("$.topK:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.logLevel: must be one of", StringComparison.Ordinal) && e.Contains("Loud", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.colour: unknown setting", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.metricsIntervalSeconds: must be an integer", StringComparison.Ordinal));
        Assert.Equal(4, errors.Length);
        Assert.Equal(2, _agent.Get<Atlas.Agent.Configuration.IRuntimeSettingsSource>().Current.TopK);

        await PublishFrameAsync("cam1", "after-reject", FashionImages.Png(2));
        var prediction = MqttTestClient.Json(await PredictionAsync("after-reject"));
        Assert.Equal(2, prediction.GetProperty("top").GetArrayLength());
    }

    [Fact]
    public async Task BadFrames_AreCountedAndReportedAndServingContinues()
    {
        await PublishFrameAsync("cam1", "garbage", Encoding.ASCII.GetBytes("this is not an image"));
        await PublishFrameAsync("cam1", "wrong-shape", new byte[12], "application/x-atlas-tensor", "1,2,2");
        await PublishFrameAsync("cam1", "good", FashionImages.Png(4));

        await PredictionAsync("good");
        var bad = await _client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "bad-frame" && j.GetProperty("frameId").GetString() == "wrong-shape");
        Assert.Contains("does not match the model input", MqttTestClient.Json(bad).GetProperty("reason").GetString(), StringComparison.Ordinal);
        await _client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "bad-frame" && j.GetProperty("frameId").GetString() == "garbage");
        var metrics = _agent.Get<AgentMetrics>();
        Assert.Equal(2, metrics.FramesBad);
        Assert.Equal(3, metrics.FramesReceived);
        Assert.Equal(1, metrics.Predictions);
    }

    [Fact]
    public async Task MetricsInterval_ChangedRemotely_PublishesCountersAtTheNewPeriod()
    {
        await PublishFrameAsync("cam1", "m-1", FashionImages.Png(9));
        await PredictionAsync("m-1");

        await _client.PublishJsonAsync($"{Root}/config/desired", """{ "version": 1, "metricsIntervalSeconds": 1 }""");

        var metrics = MqttTestClient.Json(await _client.WaitForTopicAsync($"{Root}/metrics", timeout: TimeSpan.FromSeconds(30)));
        var counters = metrics.GetProperty("counters");
        Assert.Equal(1, counters.GetProperty("framesReceived").GetInt64());
        Assert.Equal(1, counters.GetProperty("predictions").GetInt64());
        Assert.Equal(0, counters.GetProperty("queueDepth").GetInt32());
        Assert.True(counters.GetProperty("latencyP99Milliseconds").GetDouble() >= counters.GetProperty("latencyP50Milliseconds").GetDouble());
        Assert.Equal("unavailable", metrics.GetProperty("adaptation").GetProperty("state").GetString());
    }

    [Fact]
    public async Task ReloadPlugins_ListsLoadedObjectivesAndRefusedPlugins()
    {
        var bogus = Directory.CreateDirectory(Path.Combine(_folder.File("plugins"), "Broken")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bogus, "Broken.dll"), "not an assembly");
        // A real plugin, as the build puts it in artifacts/plugins/ (built with the agent).
        var built = Path.Combine(RepositoryPaths.Root(), "artifacts", "plugins", "Atlas.Objectives.Entropy");
        Assert.True(Directory.Exists(built), $"The entropy plugin is not built at '{built}'.");
        var copy = Directory.CreateDirectory(Path.Combine(_folder.File("plugins"), "Atlas.Objectives.Entropy")).FullName;
        foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        await using var requester = await MqttTestClient.ConnectAsync(_port, "replies/plugins");
        await requester.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/cmd/reload-plugins").WithResponseTopic("replies/plugins").Build());

        var body = MqttTestClient.Json(await requester.WaitForTopicAsync("replies/plugins"));

        Assert.True(body.GetProperty("ok").GetBoolean());
        var result = body.GetProperty("result");
        var objective = Assert.Single(result.GetProperty("objectives").EnumerateArray());
        Assert.StartsWith(copy, objective.GetProperty("source").GetString(), StringComparison.Ordinal);
        var failure = Assert.Single(result.GetProperty("failures").EnumerateArray());
        Assert.EndsWith("Broken.dll", failure.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", true)]
    [InlineData("snapshot", true)]
    [InlineData("adapt", false)]
    [InlineData("reset", false)]
    [InlineData("rollback", false)]
    [InlineData("self-destruct", false)]
    public async Task Command_IsAnsweredOnResponseTopicWithCorrelationData(string name, bool ok)
    {
        var correlation = Guid.NewGuid().ToByteArray();
        await using var requester = await MqttTestClient.ConnectAsync(_port, "replies/me");
        await requester.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/cmd/{name}").WithPayload("{}")
            .WithResponseTopic("replies/me").WithCorrelationData(correlation).Build());

        var reply = await requester.WaitForTopicAsync("replies/me");
        Assert.Equal(correlation, reply.CorrelationData);
        var body = MqttTestClient.Json(reply);
        Assert.Equal(name, body.GetProperty("command").GetString());
        Assert.Equal(ok, body.GetProperty("ok").GetBoolean());
        if (!ok) Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        if (name == "self-destruct") Assert.Contains("Unknown command", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        if (name == "adapt") Assert.Contains("not available yet", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        if (name == "status") Assert.Equal("online", body.GetProperty("result").GetProperty("status").GetProperty("state").GetString());
    }
}
