using System.Globalization;
using System.Text.Json;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// An in-process agent on a model and bank (by default the shipped sample) with its embedded broker, a connected test
/// client and a log capture: what the fault tests drive. Frames are real Fashion-MNIST test images as raw tensors.
/// </summary>
internal sealed class SampleBankAgent : IAsyncDisposable
{
    public const string Root = "atlas/test-device";
    private static readonly Lazy<ImageDataset> Images = new(() => DataSpec.Parse("fashion-mnist:test").Load().Slice(2_000, 200));

    private SampleBankAgent(AgentHarness agent, MqttTestClient client, LogCapture logs)
    {
        Agent = agent;
        Client = client;
        Logs = logs;
    }

    public AgentHarness Agent { get; }

    public MqttTestClient Client { get; }

    public LogCapture Logs { get; }

    /// <param name="stateDirectory">The agent's state folder (seed it first with <see cref="SeededAdaptationState"/>).</param>
    /// <param name="extra">More settings, e.g. the objective or plugin folders.</param>
    /// <param name="model">The served model; null: the sample's base.onnx.</param>
    /// <param name="bank">The bank; null: the sample bank.</param>
    public static async Task<SampleBankAgent> StartAsync(string stateDirectory, IReadOnlyDictionary<string, string?>? extra = null, string? model = null, string? bank = null)
    {
        bank ??= RepositoryPaths.SampleBank();
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Model:Path"] = model ?? Path.Combine(bank, "base.onnx"),
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = stateDirectory,
            ["Ingest:QueueCapacity"] = "1000",
            ["Adaptation:Bank"] = bank,
            ["Adaptation:Epochs"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var logs = new LogCapture();
        var agent = await AgentHarness.StartAsync(settings, s => s.AddSingleton<ILoggerProvider>(logs));
        var client = await MqttTestClient.ConnectAsync(port, $"{Root}/#", "replies/me");
        return new SampleBankAgent(agent, client, logs);
    }

    /// <summary>Sends <paramref name="count"/> frames and waits for each prediction; returns the model versions that served them.</summary>
    public async Task<string[]> StreamAsync(string prefix, int count)
    {
        for (int i = 0; i < count; i++)
            await AgentTraffic.PublishTensorFrameAsync(Client, Root, Images.Value, $"{prefix}-{i}", i % Images.Value.Count);
        var versions = new string[count];
        for (int i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i}";
            var prediction = await Client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == id, TimeSpan.FromSeconds(30));
            versions[i] = MqttTestClient.Json(prediction).GetProperty("modelVersion").GetString()!;
        }
        await Task.Delay(100); // a frame is buffered for adaptation just after its prediction is queued
        return versions;
    }

    /// <summary>The version serving a frame sent now.</summary>
    public async Task<string> ServedVersionAsync(string frameId) => (await StreamAsync(frameId, 1))[0];

    public Task<JsonElement> CommandAsync(string name) => AgentTraffic.CommandAsync(Client, Root, name);

    /// <summary>The first event of <paramref name="type"/> published so far or within the timeout.</summary>
    public async Task<JsonElement> EventAsync(string type) =>
        MqttTestClient.Json(await Client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == type, TimeSpan.FromSeconds(30)));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Agent.DisposeAsync();
        Logs.Dispose();
    }
}
