using System.Globalization;
using System.Text.Json;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// The accept path across a restart: with the default objective and acceptance bar a round on a foggy stream is accepted;
/// the composition is served, survives a restart, and rollback returns to base.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AdaptationAcceptTests : IDisposable
{
    private const string Root = "atlas/test-device";
    private const int Frames = 200;
    private readonly TempFolder _folder = new();
    private readonly ImageDataset _foggy = ConditionSpec.Parse("fog:5").Apply(DataSpec.Parse("fashion-mnist:test").Load().Slice(2_000, Frames + 3), seed: 3);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AcceptedRound_IsServed_ResumedAfterRestart_AndRolledBackToBase()
    {
        string baseVersion, adapted;
        int port = FreePort.Next();
        await using (var agent = await StartAsync(port))
        await using (var client = await MqttTestClient.ConnectAsync(port, $"{Root}/#", "replies/me"))
        {
            for (int i = 0; i < Frames; i++) await PublishFrameAsync(client, $"f-{i}", i);
            baseVersion = (await VersionOfAsync(client, $"f-{Frames - 1}"))!;
            await Task.Delay(200);

            var adapt = await CommandAsync(client, "adapt");

            var result = adapt.GetProperty("result");
            Assert.True(result.GetProperty("accepted").GetBoolean(), adapt.ToString());
            Assert.True(result.GetProperty("candidateInformation").GetDouble() >= result.GetProperty("requiredInformation").GetDouble(), result.ToString());
            adapted = result.GetProperty("version").GetString()!;
            Assert.NotEqual(baseVersion, adapted);
            await PublishFrameAsync(client, "after-adapt", Frames);
            Assert.Equal(adapted, await VersionOfAsync(client, "after-adapt"));
        }

        port = FreePort.Next();
        await using (var agent = await StartAsync(port))
        await using (var client = await MqttTestClient.ConnectAsync(port, $"{Root}/#", "replies/me"))
        {
            await PublishFrameAsync(client, "after-restart", Frames + 1);
            Assert.Equal(adapted, await VersionOfAsync(client, "after-restart"));

            var rollback = await CommandAsync(client, "rollback");

            Assert.True(rollback.GetProperty("ok").GetBoolean(), rollback.ToString());
            Assert.Equal(baseVersion, rollback.GetProperty("result").GetProperty("version").GetString());
            await PublishFrameAsync(client, "after-rollback", Frames + 2);
            Assert.Equal(baseVersion, await VersionOfAsync(client, "after-rollback"));
        }
    }

    private Task<AgentHarness> StartAsync(int port)
    {
        var bank = RepositoryPaths.SampleBank();
        return AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = Path.Combine(bank, "base.onnx"),
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Ingest:QueueCapacity"] = "1000",
            ["Adaptation:Bank"] = bank,
            ["Adaptation:Exclude:0"] = "fog",
        });
    }

    private static Task<JsonElement> CommandAsync(MqttTestClient client, string name) => AgentTraffic.CommandAsync(client, Root, name);

    private Task PublishFrameAsync(MqttTestClient client, string frameId, int index) =>
        AgentTraffic.PublishTensorFrameAsync(client, Root, _foggy, frameId, index);

    private static async Task<string?> VersionOfAsync(MqttTestClient client, string frameId) =>
        MqttTestClient.Json(await client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == frameId, TimeSpan.FromSeconds(30)))
            .GetProperty("modelVersion").GetString();
}
