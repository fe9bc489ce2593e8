using System.Globalization;
using Atlas.Agent.Mqtt.Access;
using Atlas.Agent.Telemetry;
using Atlas.Agent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Atlas.Agent.Tests.Mqtt;

/// <summary>
/// The whole agent with its embedded broker on a free loopback port and <c>Mqtt:Auth</c> enabled, driven by real
/// MQTT 5 clients that log in as a camera, an operator (password from the environment) and a viewer: what each may
/// publish and what each may subscribe to.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BrokerAccessControlTests : IAsyncLifetime
{
    private const string Root = "atlas/test-device";
    private const string CameraPassword = "cam-Secret-7f3a";
    private const string ViewerPassword = "view-Secret-91bc";
    private const string OperatorPassword = "op-Secret-c04e";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _operatorVariable = "ATLAS_TEST_OPERATOR_PW_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly TempFolder _folder = new();
    private readonly int _port = FreePort.Next();
    private readonly LogCapture _logs = new();
    private readonly List<IMqttClient> _clients = [];
    private AgentHarness _agent = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_operatorVariable, OperatorPassword);
        _agent = await AgentHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Model:Path"] = TestModels.SaveClassifier(_folder.File("model.onnx")),
                ["Mqtt:Mode"] = "Embedded",
                ["Mqtt:Port"] = _port.ToString(CultureInfo.InvariantCulture),
                ["Agent:StateDirectory"] = _folder.File("state"),
                ["Plugins:Directories:0"] = Directory.CreateDirectory(_folder.File("plugins")).FullName,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Runtime:LogLevel"] = "Trace",
                ["Mqtt:Auth:Enabled"] = "true",
                // Few iterations keep the test fast; the format and the comparison are the production ones.
                ["Mqtt:Auth:Users:0:Name"] = "cam1",
                ["Mqtt:Auth:Users:0:Role"] = "Camera",
                ["Mqtt:Auth:Users:0:PasswordHash"] = PasswordHasher.Hash(CameraPassword, iterations: 1_000),
                ["Mqtt:Auth:Users:1:Name"] = "ops",
                ["Mqtt:Auth:Users:1:Role"] = "Operator",
                ["Mqtt:Auth:Users:1:PasswordEnvironmentVariable"] = _operatorVariable,
                ["Mqtt:Auth:Users:2:Name"] = "dashboard",
                ["Mqtt:Auth:Users:2:Role"] = "Viewer",
                ["Mqtt:Auth:Users:2:PasswordHash"] = PasswordHasher.Hash(ViewerPassword, iterations: 1_000),
            },
            services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            client.Dispose();
        }
        await _agent.DisposeAsync();
        Environment.SetEnvironmentVariable(_operatorVariable, null);
        _folder.Dispose();
    }

    private AgentMetrics Metrics => _agent.Get<AgentMetrics>();

    private async Task<IMqttClient> ConnectAsync(string user, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        _clients.Add(client);
        using var timeout = new CancellationTokenSource(Timeout);
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"{user}-{Guid.NewGuid():N}"[..20]).WithCredentials(user, password).Build(), timeout.Token);
        return client;
    }

    /// <summary>The broker's answer to a connect (MQTTnet reports a refusal either in the result or by throwing).</summary>
    private async Task<MqttClientConnectResultCode> ConnectResultAsync(string? user, string? password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        _clients.Add(client);
        using var timeout = new CancellationTokenSource(Timeout);
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithProtocolVersion(MqttProtocolVersion.V500);
        if (user is not null) options = options.WithCredentials(user, password);
        try
        {
            var result = await client.ConnectAsync(options.Build(), timeout.Token);
            return result.ResultCode;
        }
        catch (MqttConnectingFailedException e)
        {
            return Enum.GetValues<MqttClientConnectResultCode>().First(c => c != MqttClientConnectResultCode.Success && e.Message.Contains(c.ToString(), StringComparison.Ordinal));
        }
    }

    private static async Task<MqttClientPublishReasonCode> PublishAsync(IMqttClient client, string topic, string payload)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        return result.ReasonCode;
    }

    [Fact]
    public async Task Camera_MayPublishFramesButItsConfigPublishIsRefusedAndCounted()
    {
        // A viewer may not read frames (nor config/desired), so it watches the agent's events instead of '#'.
        await using var observer = await MqttTestClient.ConnectAsAsync(_port, "dashboard", ViewerPassword, $"{Root}/events");
        var camera = await ConnectAsync("cam1", CameraPassword);
        var refusedBefore = Metrics.BrokerPublishesRefused;

        var frame = await PublishAsync(camera, $"{Root}/frames/cam1", "not-an-image");
        var config = await PublishAsync(camera, $"{Root}/config/desired", """{ "version": 99, "topK": 1 }""");

        Assert.Equal(MqttClientPublishReasonCode.Success, frame);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, config);
        Assert.Equal(refusedBefore + 1, Metrics.BrokerPublishesRefused);
        // The frame reached the agent (it reports the undecodable payload); the config never did.
        await observer.WaitForTopicAsync($"{Root}/events", timeout: Timeout);
        Assert.True(Metrics.FramesReceived >= 1, $"frames received: {Metrics.FramesReceived}");
        Assert.DoesNotContain(observer.Received, m => m.Topic == $"{Root}/config/desired");
    }

    private static async Task<MqttClientSubscribeResultCode[]> SubscribeAsync(IMqttClient client, params string[] filters)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var options = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters) options = options.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        var result = await client.SubscribeAsync(options.Build(), timeout.Token);
        return [.. result.Items.Select(i => i.ResultCode)];
    }

    private static bool Granted(MqttClientSubscribeResultCode code) => code <= MqttClientSubscribeResultCode.GrantedQoS2;

    [Fact]
    public async Task Camera_MaySubscribeOnlyToThePredictionsOfItsOwnStream()
    {
        var camera = await ConnectAsync("cam1", CameraPassword);
        var predictions = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        camera.ApplicationMessageReceivedAsync += e =>
        {
            predictions.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var refusedBefore = Metrics.BrokerSubscriptionsRefused;

        var own = await SubscribeAsync(camera, $"{Root}/predictions/cam1");
        string[] forbidden = [$"{Root}/predictions/cam2", $"{Root}/predictions/+", $"{Root}/status", $"{Root}/frames/#", $"{Root}/#", "#"];
        var others = await SubscribeAsync(camera, forbidden);

        Assert.True(Granted(own.Single()), $"own predictions: {own.Single()}");
        Assert.All(others, code => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, code));
        Assert.Equal(refusedBefore + forbidden.Length, Metrics.BrokerSubscriptionsRefused);
        await camera.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/frames/cam1").WithPayload(FashionImages.Png(2))
            .WithUserText("frame-id", "own-answer").Build());
        var prediction = await predictions.Task.WaitAsync(Timeout);
        Assert.Equal($"{Root}/predictions/cam1", prediction.Topic);
    }

    [Fact]
    public async Task Viewer_ReadsTelemetryButNotFramesConfigDesiredCommandsOrResponses()
    {
        var viewer = await ConnectAsync("dashboard", ViewerPassword);
        var refusedBefore = Metrics.BrokerSubscriptionsRefused;
        string[] allowed = [$"{Root}/status", $"{Root}/metrics", $"{Root}/events", $"{Root}/predictions/#", $"{Root}/config/reported", "atlas/+/status"];
        string[] forbidden =
            [$"{Root}/frames/cam1", $"{Root}/+/cam1", $"{Root}/#", "#", $"{Root}/config/desired", $"{Root}/config/+", $"{Root}/cmd/status", $"{Root}/responses/#"];

        var granted = await SubscribeAsync(viewer, allowed);
        var refused = await SubscribeAsync(viewer, forbidden);

        Assert.All(granted, code => Assert.True(Granted(code), $"expected a grant, got {code}"));
        Assert.All(refused, code => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, code));
        Assert.Equal(refusedBefore + forbidden.Length, Metrics.BrokerSubscriptionsRefused);
    }

    [Fact]
    public async Task Operator_ReadsFramesAndResponsesButNotConfigDesired()
    {
        var operatorClient = await ConnectAsync("ops", OperatorPassword);
        var refusedBefore = Metrics.BrokerSubscriptionsRefused;

        var granted = await SubscribeAsync(operatorClient, $"{Root}/frames/#", $"{Root}/responses/#", $"{Root}/config/reported", $"{Root}/status");
        var refused = await SubscribeAsync(operatorClient, $"{Root}/config/desired", $"{Root}/config/#", "#");

        Assert.All(granted, code => Assert.True(Granted(code), $"expected a grant, got {code}"));
        Assert.All(refused, code => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, code));
        Assert.Equal(refusedBefore + 3, Metrics.BrokerSubscriptionsRefused);
        var logs = _logs.Text;
        Assert.Contains("refused a subscription", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_CannotPublishAnywhere()
    {
        var viewer = await ConnectAsync("dashboard", ViewerPassword);
        var refusedBefore = Metrics.BrokerPublishesRefused;

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishAsync(viewer, $"{Root}/frames/cam1", "x"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishAsync(viewer, $"{Root}/cmd/status", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishAsync(viewer, $"{Root}/config/desired", "{}"));
        Assert.Equal(refusedBefore + 3, Metrics.BrokerPublishesRefused);
    }

    [Fact]
    public async Task WrongPassword_IsRefusedAtConnectCountedAndNeverLogged()
    {
        const string wrong = "guess-Wrong-55aa";
        var refusedBefore = Metrics.BrokerConnectionsRefused;

        var wrongPassword = await ConnectResultAsync("cam1", wrong);
        var unknownUser = await ConnectResultAsync("nobody", CameraPassword);
        var anonymous = await ConnectResultAsync(null, null);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrongPassword);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, unknownUser);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, anonymous);
        Assert.Equal(refusedBefore + 3, Metrics.BrokerConnectionsRefused);
        var logs = _logs.Text;
        Assert.Contains("refused connection", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { wrong, CameraPassword, ViewerPassword, OperatorPassword })
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_CanChangeConfigAndSendCommands()
    {
        var operatorClient = await ConnectAsync("ops", OperatorPassword);
        await using var observer = await MqttTestClient.ConnectAsAsync(_port, "dashboard", ViewerPassword, $"{Root}/config/reported");
        var refusedBefore = Metrics.BrokerPublishesRefused;

        Assert.Equal(MqttClientPublishReasonCode.Success,
            await PublishAsync(operatorClient, $"{Root}/config/desired", """{ "version": 5, "topK": 2, "scoreThreshold": 0.0 }"""));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishAsync(operatorClient, $"{Root}/frames/cam1", "x"));

        var reported = MqttTestClient.Json(await observer.WaitForTopicAsync($"{Root}/config/reported", j => j.GetProperty("version").GetInt64() == 5, Timeout));
        Assert.Equal("applied", reported.GetProperty("status").GetString());
        Assert.Equal(2, reported.GetProperty("settings").GetProperty("topK").GetInt32());
        Assert.Equal(refusedBefore + 1, Metrics.BrokerPublishesRefused);
    }
}
