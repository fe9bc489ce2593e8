using System.Globalization;
using System.Text;
using System.Text.Json;
using Atlas.Agent.Telemetry;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Tests.Fuzzing;
using MQTTnet;
using Xunit.Abstractions;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>
/// The whole agent (embedded broker on a free loopback port, real MQTT 5 client) fed hostile frames, configuration
/// documents and commands for a bounded time: it keeps serving, refuses what it must with a clear reason, counts the
/// refusals, keeps the last good configuration, answers every command, and a valid frame still gets a prediction
/// afterwards. Budget: <c>ATLAS_FUZZ_SECONDS</c> per test (default 2 s).
/// </summary>
[Trait("Category", "Integration")]
public sealed class LiveAgentFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Root = "atlas/test-device";
    private readonly TempFolder _folder = new();
    private readonly int _port = FreePort.Next();
    private AgentHarness _agent = null!;
    private MqttTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _agent = await AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = TestModels.SaveClassifier(_folder.File("model.onnx")),
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = _port.ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Plugins:Directories:0"] = Directory.CreateDirectory(_folder.File("plugins")).FullName,
            ["Ingest:QueueCapacity"] = "100000",
            ["Ingest:Limits:MaxPayloadBytes"] = HostileFrames.MaxPayloadBytes.ToString(CultureInfo.InvariantCulture),
        });
        _client = await MqttTestClient.ConnectAsync(_port, $"{Root}/#", "fuzz/#");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _agent.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task HostileFrames_AreCountedAsBadAndAValidFrameStillGetsAPrediction()
    {
        var knownBad = 0;
        var target = new FuzzTarget<HostileFrame>
        {
            Name = "live-frames",
            Generate = HostileFrames.Generate,
            RunAsync = async frame =>
            {
                if (frame.KnownBad) knownBad++;
                await _client.PublishAsync(frame.ToMessage($"{Root}/frames/cam1"));
            },
            ToBytes = frame => frame.Payload,
        };
        var report = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(2, 100), output.WriteLine);

        var probe = HostileFrames.ValidTensor(3, "probe-after-fuzz");
        await _client.PublishAsync(probe.ToMessage($"{Root}/frames/cam1"));
        var prediction = MqttTestClient.Json(await _client.WaitForTopicAsync($"{Root}/predictions/cam1",
            j => j.GetProperty("frameId").GetString() == "probe-after-fuzz", TimeSpan.FromSeconds(120)));

        Assert.Equal(3, prediction.GetProperty("top").GetArrayLength());
        var metrics = _agent.Get<AgentMetrics>().Snapshot();
        var sent = report.Iterations + 1;
        Assert.Equal(sent, metrics.FramesReceived);
        Assert.True(metrics.FramesBad >= knownBad, $"{metrics.FramesBad} frames counted bad; {knownBad} were certainly bad. {report}");
        Assert.Equal(sent, metrics.FramesBad + metrics.FramesDecoded + metrics.FramesDropped);
        Assert.Equal(0, metrics.InferenceFailures);
        Assert.Equal(metrics.FramesDecoded, metrics.Predictions);
        Assert.Contains(_client.Received, m => m.Topic == $"{Root}/events" && MqttTestClient.Json(m).GetProperty("type").GetString() == "bad-frame");
    }

    [Fact]
    public async Task HostileConfigDocuments_AreRejectedWithReasonsAndTheLastGoodConfigStays()
    {
        var reportedTopic = $"{Root}/config/reported";
        await _client.PublishJsonAsync($"{Root}/config/desired", GoodConfig(1, topK: 4));
        var lastGood = Settings(await _client.WaitForTopicAsync(reportedTopic, j => j.GetProperty("version").GetInt64() == 1));
        var version = 1L;
        var target = new FuzzTarget<byte[]>
        {
            Name = "live-config",
            Generate = random => JsonMutator.Mutate(random, GoodConfig(++version, topK: 1 + random.Next(5))),
            RunAsync = async document =>
            {
                var before = _client.Received.Count(m => m.Topic == reportedTopic);
                await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/config/desired").WithPayload(document)
                    .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
                if (document.Length == 0) return; // an empty desired document is a clear, not a config: nothing to report
                var report = MqttTestClient.Json(await _client.WaitForAsync(m => m.Topic == reportedTopic, TimeSpan.FromSeconds(10), skip: before));
                lastGood = CheckReport(report, lastGood, document);
            },
            ToBytes = document => document,
        };

        var run = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(2, 60), output.WriteLine);

        Assert.True(run.Iterations >= 60, run.ToString());
        var inForce = _agent.Get<Atlas.Agent.Configuration.IRuntimeSettingsSource>().Current;
        Assert.Equal(lastGood.GetProperty("version").GetInt64(), inForce.Version);
        Assert.Equal(lastGood.GetProperty("topK").GetInt32(), inForce.TopK);
    }

    [Fact]
    public async Task HostileCommands_EachGetsAnAnswerAndTheAgentKeepsServing()
    {
        var target = new FuzzTarget<HostileCommand>
        {
            Name = "live-commands",
            Generate = HostileCommands.Generate,
            RunAsync = command => SendAndCheckAsync(command),
            ToBytes = command => command.Payload,
        };

        var report = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(2, 60), output.WriteLine);

        var status = await AgentTraffic.CommandAsync(_client, Root, "status", "fuzz/after");
        Assert.True(status.GetProperty("ok").GetBoolean(), report.ToString());
        await _client.PublishAsync(HostileFrames.ValidTensor(4, "probe-after-commands").ToMessage($"{Root}/frames/cam1"));
        await _client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == "probe-after-commands", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CommandWithWildcardResponseTopic_IsAnsweredOnTheDefaultTopicAndTheAgentKeepsServing()
    {
        // Found by live-commands, seed 633874492, iteration 2: the answer to a request with response topic
        // 'fuzz/+/x' was published as is; MQTTnet refused it with MqttProtocolViolationException inside the agent's
        // send loop, which ended the loop and stopped the agent.
        var correlation = Guid.NewGuid().ToByteArray();
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/cmd/status").WithPayload("{}")
            .WithResponseTopic("fuzz/+/x").WithCorrelationData(correlation).Build());

        var answer = MqttTestClient.Json(await _client.WaitForAsync(
            m => m.Topic == $"{Root}/responses/status" && m.CorrelationData is { } c && c.AsSpan().SequenceEqual(correlation)));

        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Contains("fuzz/+/x", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True((await AgentTraffic.CommandAsync(_client, Root, "status", "fuzz/after")).GetProperty("ok").GetBoolean());
        await _client.PublishAsync(HostileFrames.ValidTensor(5, "after-wildcard").ToMessage($"{Root}/frames/cam1"));
        await _client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == "after-wildcard");
    }

    [Fact]
    public async Task OutgoingMessageWithAnInvalidTopic_IsDroppedAndTheSendLoopKeepsGoing()
    {
        // The send loop's own guard for the same failure: whatever enqueues an unpublishable message, it is dropped.
        _agent.Get<Atlas.Agent.Mqtt.IMqttPublisher>().Enqueue(new MqttApplicationMessageBuilder().WithTopic("fuzz/#").WithPayload("x").Build());

        await _client.PublishAsync(HostileFrames.ValidTensor(6, "after-invalid-topic").ToMessage($"{Root}/frames/cam1"));

        await _client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == "after-invalid-topic");
    }

    private async Task SendAndCheckAsync(HostileCommand command)
    {
        var replyTopic = command.ReplyTopic is { } topic && HostileCommands.IsValidTopicName(topic) ? topic : $"{Root}/responses/{command.Name}";
        await _client.PublishAsync(command.ToMessage($"{Root}/cmd/{command.Name}"));
        var reply = MqttTestClient.Json(await _client.WaitForAsync(
            m => m.Topic == replyTopic && m.CorrelationData is { } c && c.AsSpan().SequenceEqual(command.Correlation), TimeSpan.FromSeconds(10)));
        Assert.Equal(command.Name, reply.GetProperty("command").GetString());
        var ok = reply.GetProperty("ok").GetBoolean();
        if (ok && command.Malformed)
            throw new InvalidOperationException($"A malformed command was answered ok: {reply}");
        if (!ok && string.IsNullOrEmpty(reply.GetProperty("error").GetString()))
            throw new InvalidOperationException($"A refused command carries no error message: {reply}");
    }

    private static JsonElement CheckReport(JsonElement report, JsonElement lastGood, byte[] document)
    {
        var settings = report.GetProperty("settings");
        if (report.GetProperty("status").GetString() == "rejected")
        {
            var errors = report.GetProperty("rejected").GetProperty("errors");
            if (errors.GetArrayLength() == 0 || errors.EnumerateArray().Any(e => string.IsNullOrWhiteSpace(e.GetString())))
                throw new InvalidOperationException($"A rejected document is reported without reasons: {report}");
            if (settings.GetRawText() != lastGood.GetRawText())
                throw new InvalidOperationException($"A rejected document changed the settings in force from {lastGood} to {settings}.");
            return lastGood;
        }
        if (JsonChecks.HasDuplicateKeys(document))
            throw new InvalidOperationException($"A document with duplicate keys was applied: {Encoding.UTF8.GetString(document)}");
        if (settings.GetProperty("version").GetInt64() < lastGood.GetProperty("version").GetInt64())
            throw new InvalidOperationException($"An older version was applied: {settings} after {lastGood}.");
        return settings.Clone();
    }

    private static JsonElement Settings(MqttApplicationMessage reported) => MqttTestClient.Json(reported).GetProperty("settings").Clone();

    private static string GoodConfig(long version, int topK) =>
        $$$"""{"version":{{{version}}},"topK":{{{topK}}},"scoreThreshold":0.05,"logLevel":"Warning","metricsIntervalSeconds":3600,"adaptation":{"enabled":false,"everyFrames":0,"everySeconds":0}}""";
}
