using System.Globalization;
using System.Text.Json;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// The issue's "done when", end to end over the embedded broker with the shipped sample bank: a camera stream of a
/// held-out condition (fog:5, whose own task vector is excluded), scored against the known labels here. With the default
/// objective and acceptance bar the agent adapts, accepts, swaps, and the predictions it publishes after the swap are
/// more accurate; with a deliberately harmful objective setting the candidate is rejected and the served model stays.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AdaptationAgentTests : IDisposable
{
    private const string Root = "atlas/test-device";
    private const int Frames = 200;

    /// <summary>
    /// Accuracy gain, in points, the adapted model must show on the replayed stream. docs/learning.md measures +24 to
    /// +35 points on unseen frames for this setting (fog:5, 200 and 250 frames, five seeds each); 10 leaves room for this
    /// stream's own luck.
    /// </summary>
    private const double RequiredGain = 0.10;

    private readonly TempFolder _folder = new();
    private readonly ImageDataset _foggy = ConditionSpec.Parse("fog:5").Apply(DataSpec.Parse("fashion-mnist:test").Load().Slice(1_000, Frames + 1), seed: 2);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FoggyStream_AdaptAccepts_AndPublishedPredictionsAfterTheSwapAreMoreAccurate()
    {
        int port = FreePort.Next();
        await using var agent = await StartAsync(port, new Dictionary<string, string?>());
        await using var client = await MqttTestClient.ConnectAsync(port, $"{Root}/#", "replies/me");
        var before = await StreamAsync(client, "f");
        var baseVersion = Assert.Single(before.Versions);
        Assert.StartsWith("base-", baseVersion, StringComparison.Ordinal);
        await Task.Delay(200); // the last frame is buffered just after its prediction is queued

        var adapt = await CommandAsync(client, "adapt");

        Assert.True(adapt.GetProperty("ok").GetBoolean(), adapt.ToString());
        var result = adapt.GetProperty("result");
        Assert.True(result.GetProperty("accepted").GetBoolean(), result.GetProperty("reason").GetString());
        Assert.Equal(Frames / 5, result.GetProperty("heldOutFrames").GetInt32());
        Assert.True(result.GetProperty("candidateInformation").GetDouble() >= result.GetProperty("requiredInformation").GetDouble(), result.ToString());
        var adapted = result.GetProperty("version").GetString()!;
        Assert.NotEqual(baseVersion, adapted);
        var decision = MqttTestClient.Json(await client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "adaptation-accepted"));
        Assert.Equal(result.GetProperty("candidateInformation").GetDouble(), decision.GetProperty("candidateInformation").GetDouble());
        Assert.Equal(adapted, decision.GetProperty("version").GetString());

        var after = await StreamAsync(client, "r");

        Assert.Equal(adapted, Assert.Single(after.Versions));
        Assert.True(after.Accuracy >= before.Accuracy + RequiredGain,
            $"accuracy of the published predictions: base {before.Accuracy:P1}, adapted {after.Accuracy:P1} (required gain {RequiredGain:P0})");

        var reset = await CommandAsync(client, "reset");

        Assert.True(reset.GetProperty("ok").GetBoolean(), reset.ToString());
        Assert.Equal(baseVersion, reset.GetProperty("result").GetProperty("version").GetString());
        await AgentTraffic.PublishTensorFrameAsync(client, Root, _foggy, "after-reset", Frames);
        Assert.Equal(baseVersion, await VersionOfAsync(client, "after-reset"));
    }

    [Fact]
    public async Task HarmfulObjectiveSetting_CandidateIsRejected_WithReasonEvent_AndServedVersionKept()
    {
        // Plain entropy minimisation with a learning rate 20 times the default collapses the composition onto one class.
        int port = FreePort.Next();
        await using var agent = await StartAsync(port, new Dictionary<string, string?>
        {
            ["Adaptation:Objective"] = "entropy",
            ["Adaptation:LearningRate"] = "1.0",
        });
        await using var client = await MqttTestClient.ConnectAsync(port, $"{Root}/#", "replies/me");
        var baseVersion = Assert.Single((await StreamAsync(client, "f")).Versions);
        await Task.Delay(200);

        var adapt = await CommandAsync(client, "adapt");

        Assert.True(adapt.GetProperty("ok").GetBoolean(), adapt.ToString());
        var result = adapt.GetProperty("result");
        Assert.False(result.GetProperty("accepted").GetBoolean(), result.ToString());
        Assert.False(result.TryGetProperty("version", out _), "a rejected candidate is not served");
        var reason = result.GetProperty("reason").GetString()!;
        Assert.StartsWith("Rejected: ", reason, StringComparison.Ordinal);
        Assert.True(result.GetProperty("candidateInformation").GetDouble() < result.GetProperty("requiredInformation").GetDouble(), reason);
        var decision = MqttTestClient.Json(await client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "adaptation-rejected"));
        Assert.Equal(reason, decision.GetProperty("reason").GetString());
        Assert.Equal(result.GetProperty("candidateTopShare").GetDouble(), decision.GetProperty("candidateTopShare").GetDouble());
        await AgentTraffic.PublishTensorFrameAsync(client, Root, _foggy, "after-adapt", Frames);
        Assert.Equal(baseVersion, await VersionOfAsync(client, "after-adapt"));
        Assert.DoesNotContain(client.Received, m => m.Topic == $"{Root}/events" && MqttTestClient.Json(m).GetProperty("type").GetString() == "adaptation-accepted");
    }

    private Task<AgentHarness> StartAsync(int port, IReadOnlyDictionary<string, string?> extra)
    {
        var bank = RepositoryPaths.SampleBank();
        var settings = new Dictionary<string, string?>
        {
            ["Model:Path"] = Path.Combine(bank, "base.onnx"),
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File($"state-{port}"),
            ["Ingest:QueueCapacity"] = "1000",
            ["Adaptation:Bank"] = bank,
            ["Adaptation:Exclude:0"] = "fog",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return AgentHarness.StartAsync(settings);
    }

    /// <summary>
    /// Publishes the first <see cref="Frames"/> foggy frames with ids <c>prefix-i</c>, waits for every prediction and scores
    /// their top class against the known labels; returns the accuracy and the model versions that answered.
    /// </summary>
    private async Task<(double Accuracy, string[] Versions)> StreamAsync(MqttTestClient client, string prefix)
    {
        for (int i = 0; i < Frames; i++) await AgentTraffic.PublishTensorFrameAsync(client, Root, _foggy, $"{prefix}-{i}", i);
        var topic = $"{Root}/predictions/cam1";
        bool Ours(JsonElement j) => j.GetProperty("frameId").GetString()!.StartsWith(prefix + "-", StringComparison.Ordinal);
        await client.WaitForAsync(m => m.Topic == topic && Ours(MqttTestClient.Json(m)), TimeSpan.FromSeconds(60), skip: Frames - 1);
        var predictions = client.Received.Where(m => m.Topic == topic).Select(MqttTestClient.Json).Where(Ours).ToArray();
        Assert.Equal(Frames, predictions.Length);
        var labels = _foggy.Labels!;
        int correct = predictions.Count(p =>
            p.GetProperty("top")[0].GetProperty("index").GetInt32() == labels[int.Parse(p.GetProperty("frameId").GetString()![(prefix.Length + 1)..], CultureInfo.InvariantCulture)]);
        return ((double)correct / Frames, predictions.Select(p => p.GetProperty("modelVersion").GetString()!).Distinct().ToArray());
    }

    private static Task<JsonElement> CommandAsync(MqttTestClient client, string name) => AgentTraffic.CommandAsync(client, Root, name);

    private static async Task<string?> VersionOfAsync(MqttTestClient client, string frameId) =>
        MqttTestClient.Json(await client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == frameId, TimeSpan.FromSeconds(30)))
            .GetProperty("modelVersion").GetString();
}
