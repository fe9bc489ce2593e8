using System.Globalization;
using System.Text.Json;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// An agent with the shipped sample bank and its embedded broker, set up for short rounds (small buffer, one epoch),
/// a client subscribed to everything it publishes, and a foggy Fashion-MNIST stream (fog:5, whose task vector is left
/// out) to feed it, and a capture of its log. For the tests of automatic triggers, cancellation and faults.
/// </summary>
internal sealed class AdaptingAgent : IAsyncDisposable
{
    public const string Root = "atlas/test-device";

    private readonly TempFolder _folder;
    private readonly string _stateDirectory;
    private int _probes;

    private AdaptingAgent(TempFolder folder, string stateDirectory, AgentHarness agent, MqttTestClient client, ImageDataset stream, LogCapture logs)
    {
        _folder = folder;
        _stateDirectory = stateDirectory;
        Agent = agent;
        Client = client;
        Stream = stream;
        Logs = logs;
    }

    public AgentHarness Agent { get; }

    public MqttTestClient Client { get; }

    public ImageDataset Stream { get; }

    /// <summary>Every log line the agent wrote.</summary>
    public LogCapture Logs { get; }

    /// <summary>The folder holding the agent's state (persisted configuration, stored coefficient versions).</summary>
    public string StateDirectory => _stateDirectory;

    /// <summary>Starts the agent; <paramref name="settings"/> are merged over the fast-round defaults.</summary>
    /// <param name="frames">How many frames of the foggy stream to prepare (when <paramref name="stream"/> is null).</param>
    /// <param name="settings">Settings merged over the defaults (e.g. another model or bank, the objective).</param>
    /// <param name="stateDirectory">The agent's state folder, owned by the caller (e.g. seeded, or kept for a restart); null: a fresh one.</param>
    /// <param name="stream">The frames to feed; null: <paramref name="frames"/> foggy test images.</param>
    public static async Task<AdaptingAgent> StartAsync(int frames, IReadOnlyDictionary<string, string?>? settings = null, string? stateDirectory = null,
        ImageDataset? stream = null)
    {
        var folder = new TempFolder();
        stateDirectory ??= folder.File("state");
        var port = FreePort.Next();
        var bank = RepositoryPaths.SampleBank();
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Model:Path"] = Path.Combine(bank, "base.onnx"),
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = stateDirectory,
            ["Ingest:QueueCapacity"] = "1000",
            ["Adaptation:Bank"] = bank,
            ["Adaptation:Exclude:0"] = "fog",
            ["Adaptation:Epochs"] = "1",
            ["Adaptation:BufferCapacity"] = "40",
            ["Adaptation:Threads"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) merged[key] = value;
        stream ??= ConditionSpec.Parse("fog:5").Apply(DataSpec.Parse("fashion-mnist:test").Load().Slice(3_000, frames), seed: 4);
        AgentHarness? agent = null;
        var logs = new LogCapture();
        try
        {
            agent = await AgentHarness.StartAsync(merged, s => s.AddSingleton<ILoggerProvider>(logs));
            var client = await MqttTestClient.ConnectAsync(port, $"{Root}/#", "replies/me");
            return new AdaptingAgent(folder, stateDirectory, agent, client, stream, logs);
        }
        catch
        {
            if (agent is not null) await agent.DisposeAsync();
            logs.Dispose();
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Publishes a <c>config/desired</c> document and waits until the agent applied it.</summary>
    public async Task ConfigureAsync(string json)
    {
        var version = JsonDocument.Parse(json).RootElement.GetProperty("version").GetInt64();
        await Client.PublishJsonAsync($"{Root}/config/desired", json, retain: true);
        await Client.WaitForTopicAsync($"{Root}/events", j => j.GetProperty("type").GetString() == "config-applied" && j.GetProperty("version").GetInt64() == version);
    }

    /// <summary>Publishes frames <paramref name="from"/>…<paramref name="to"/> − 1 of the stream (ids <c>f-i</c>).</summary>
    public async Task PublishFramesAsync(int from, int to)
    {
        for (var i = from; i < to; i++) await AgentTraffic.PublishTensorFrameAsync(Client, Root, Stream, $"f-{i}", i);
    }

    /// <summary>The model version of frame <paramref name="index"/>'s prediction, once it arrives.</summary>
    public async Task<string> VersionOfAsync(int index) =>
        MqttTestClient.Json(await Client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == $"f-{index}", TimeSpan.FromSeconds(30)))
            .GetProperty("modelVersion").GetString()!;

    /// <summary>Sends one more frame of the stream (id <c>probe-n</c>) and returns the model version that served it.</summary>
    public async Task<string> ProbeVersionAsync()
    {
        var n = Interlocked.Increment(ref _probes);
        var id = $"probe-{n}";
        await AgentTraffic.PublishTensorFrameAsync(Client, Root, Stream, id, n % Stream.Count);
        return MqttTestClient.Json(await Client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == id, TimeSpan.FromSeconds(30)))
            .GetProperty("modelVersion").GetString()!;
    }

    /// <summary>The first event of <paramref name="type"/> that matches, already received or arriving within <paramref name="timeout"/>.</summary>
    public Task<JsonElement> EventAsync(string type, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null) =>
        FirstEventAsync(j => j.GetProperty("type").GetString() == type && (match is null || match(j)), type, timeout);

    /// <summary>The round's decision event (accepted or rejected) of the given trigger.</summary>
    public Task<JsonElement> DecisionAsync(string trigger, TimeSpan? timeout = null) =>
        FirstEventAsync(j => j.GetProperty("type").GetString() is "adaptation-accepted" or "adaptation-rejected" && j.GetProperty("trigger").GetString() == trigger,
            $"decision of a {trigger} round", timeout);

    private async Task<JsonElement> FirstEventAsync(Func<JsonElement, bool> match, string what, TimeSpan? timeout)
    {
        try
        {
            return MqttTestClient.Json(await Client.WaitForTopicAsync($"{Root}/events", match, timeout ?? TimeSpan.FromSeconds(60)));
        }
        catch (TimeoutException e)
        {
            var events = Client.Received.Where(m => m.Topic == $"{Root}/events").Select(MqttTestClient.Text);
            throw new TimeoutException($"No event '{what}'; events so far: {string.Join(" | ", events)}", e);
        }
    }

    /// <summary>Events of <paramref name="type"/> received so far.</summary>
    public IReadOnlyList<JsonElement> Events(string type) =>
        Client.Received.Where(m => m.Topic == $"{Root}/events").Select(MqttTestClient.Json).Where(j => j.GetProperty("type").GetString() == type).ToList();

    public Task<JsonElement> CommandAsync(string name) => AgentTraffic.CommandAsync(Client, Root, name);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Agent.DisposeAsync();
        Logs.Dispose();
        _folder.Dispose();
    }
}
