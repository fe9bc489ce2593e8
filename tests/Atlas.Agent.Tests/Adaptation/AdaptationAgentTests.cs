using System.Globalization;
using System.Text.Json;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using MQTTnet;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// The whole agent with the shipped sample bank and its embedded broker: a foggy camera stream (fog:5, whose own task
/// vector is excluded), then <c>adapt</c> and <c>reset</c> over MQTT.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AdaptationAgentTests : IAsyncLifetime
{
    private const string Root = "atlas/test-device";
    private const int Frames = 200;
    private readonly TempFolder _folder = new();
    private readonly int _port = FreePort.Next();
    private AgentHarness _agent = null!;
    private MqttTestClient _client = null!;
    private ImageDataset _foggy = null!;

    public async Task InitializeAsync()
    {
        var bank = RepositoryPaths.SampleBank();
        _foggy = ConditionSpec.Parse("fog:5").Apply(DataSpec.Parse("fashion-mnist:test").Load().Slice(1_000, Frames + 2), seed: 2);
        _agent = await AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = Path.Combine(bank, "base.onnx"),
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = _port.ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Ingest:QueueCapacity"] = "1000",
            ["Adaptation:Bank"] = bank,
            ["Adaptation:Exclude:0"] = "fog",
        });
        _client = await MqttTestClient.ConnectAsync(_port, $"{Root}/#", "replies/me");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _agent.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task FoggyStream_AdaptReportsDecisionWithNumbers_AndResetServesBase()
    {
        for (int i = 0; i < Frames; i++) await PublishFrameAsync($"f-{i}", i);
        var last = MqttTestClient.Json(await PredictionAsync($"f-{Frames - 1}"));
        var baseVersion = last.GetProperty("modelVersion").GetString()!;
        Assert.StartsWith("base-", baseVersion, StringComparison.Ordinal);
        await Task.Delay(200); // the last frame is buffered just after its prediction is queued

        var adapt = await CommandAsync("adapt");

        Assert.True(adapt.GetProperty("ok").GetBoolean(), adapt.ToString());
        var result = adapt.GetProperty("result");
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("reason").GetString()));
        Assert.Equal(Frames / 5, result.GetProperty("heldOutFrames").GetInt32());
        Assert.InRange(result.GetProperty("currentEntropy").GetDouble(), 1e-3, Math.Log(10));
        Assert.InRange(result.GetProperty("candidateEntropy").GetDouble(), 0, Math.Log(10));
        var accepted = result.GetProperty("accepted").GetBoolean();
        var decisionEvent = await _client.WaitForTopicAsync($"{Root}/events",
            j => j.GetProperty("type").GetString() == (accepted ? "adaptation-accepted" : "adaptation-rejected"));
        Assert.Equal(result.GetProperty("candidateEntropy").GetDouble(), MqttTestClient.Json(decisionEvent).GetProperty("candidateEntropy").GetDouble());
        await PublishFrameAsync("after-adapt", Frames);
        var served = MqttTestClient.Json(await PredictionAsync("after-adapt")).GetProperty("modelVersion").GetString();
        if (accepted) Assert.Equal(result.GetProperty("version").GetString(), served);
        else Assert.Equal(baseVersion, served);

        var reset = await CommandAsync("reset");

        Assert.True(reset.GetProperty("ok").GetBoolean(), reset.ToString());
        Assert.Equal(baseVersion, reset.GetProperty("result").GetProperty("version").GetString());
        await PublishFrameAsync("after-reset", Frames + 1);
        Assert.Equal(baseVersion, MqttTestClient.Json(await PredictionAsync("after-reset")).GetProperty("modelVersion").GetString());
    }

    private Task<JsonElement> CommandAsync(string name) => AgentTraffic.CommandAsync(_client, Root, name);

    private Task PublishFrameAsync(string frameId, int index) => AgentTraffic.PublishTensorFrameAsync(_client, Root, _foggy, frameId, index);

    private Task<MqttApplicationMessage> PredictionAsync(string frameId) =>
        _client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == frameId, TimeSpan.FromSeconds(30));
}
