using System.Globalization;
using Atlas.Agent.Configuration;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Atlas.Agent.Tests.Configuration;

/// <summary>
/// Live configuration whose persistence fails (disk full: the temporary file links to <c>/dev/full</c>; the state folder
/// replaced by a plain file): an event and a log name the file and the OS error, the document is still put in force (it
/// stays retained on the broker, which re-delivers it after a restart), nothing half-written is left, and serving goes on.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RuntimeConfigPersistenceFaultTests : IDisposable
{
    private const string Root = "atlas/config-faults";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PersistFails_EventNamesFileAndOsError_SettingsApplied_ServingContinues()
    {
        var state = Directory.CreateDirectory(_folder.File("state")).FullName;
        var port = FreePort.Next();
        var logs = new LogCapture();
        await using var agent = await AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = TestModels.SaveClassifier(_folder.File("model.onnx")),
            ["Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Agent:DeviceId"] = "config-faults",
            ["Agent:StateDirectory"] = state,
        }, s => s.AddSingleton<ILoggerProvider>(logs));
        await using var client = await MqttTestClient.ConnectAsync(port, $"{Root}/#");
        var config = Path.Combine(state, RuntimeConfigService.StateFileName);

        // Disk full.
        File.CreateSymbolicLink(DurableFile.TemporaryPathOf(config), "/dev/full");
        await client.PublishJsonAsync($"{Root}/config/desired", """{ "version": 2, "topK": 2 }""");

        var full = MqttTestClient.Json(await client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "config-persist-failed"));
        Assert.Equal(config, full.GetProperty("path").GetString());
        Assert.Contains("No space left on device", full.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(config, logs.Text, StringComparison.Ordinal);
        Assert.False(Path.Exists(config));
        Assert.False(Path.Exists(DurableFile.TemporaryPathOf(config)), "the failed write's temporary file is removed");
        Assert.Equal(2, (await PredictAsync(client, "after-full")).GetProperty("top").GetArrayLength());

        // The state folder is gone (a file in its place): fails for root too, unlike a read-only mode.
        Directory.Delete(state);
        await File.WriteAllTextAsync(state, "not a folder");
        await client.PublishJsonAsync($"{Root}/config/desired", """{ "version": 3, "topK": 3 }""");

        var gone = MqttTestClient.Json(await client.WaitForAsync(
            m => m.Topic == $"{Root}/events" && MqttTestClient.Json(m).GetProperty("type").GetString() == "config-persist-failed", skip: 1));
        Assert.Equal(config, gone.GetProperty("path").GetString());
        Assert.Equal(3L, gone.GetProperty("version").GetInt64());
        Assert.False(string.IsNullOrWhiteSpace(gone.GetProperty("error").GetString()));
        Assert.Equal(3, (await PredictAsync(client, "after-gone")).GetProperty("top").GetArrayLength());
        logs.Dispose();
    }

    private static async Task<System.Text.Json.JsonElement> PredictAsync(MqttTestClient client, string frameId)
    {
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/frames/cam1").WithPayload(FashionImages.Png(4))
            .WithUserText("frame-id", frameId).Build());
        return MqttTestClient.Json(await client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == frameId));
    }
}
