using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Atlas.Agent.Hosting;
using Atlas.Agent.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Tests.Web;

/// <summary>
/// The opt-in status page on a real agent: served on loopback when enabled (page and both JSON endpoints), absent when
/// disabled, carrying the coefficient matrix after a swap, and refused on a non-loopback address unless allowed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebStatusTests : IDisposable
{
    private const string Root = "atlas/test-device";
    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Enabled_ServesPageAndJson_AndTheCoefficientMatrixAfterASwap()
    {
        int broker = FreePort.Next(), web = FreePort.Next();
        await using var agent = await StartAsync(broker, web, enabled: true);
        await using var client = await MqttTestClient.ConnectAsync(broker, $"{Root}/#", "replies/me");
        var url = $"http://127.0.0.1:{web}";

        var page = await _http.GetAsync(url + "/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("api/coefficients", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var status = await GetJsonAsync(url + "/api/status");
        Assert.Equal("test-device", status.GetProperty("device").GetString());
        Assert.StartsWith("base-", status.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal("idle", status.GetProperty("adaptation").GetString());
        Assert.True(status.GetProperty("counters").TryGetProperty("predictions", out _));
        Assert.True(status.GetProperty("quality").TryGetProperty("meanEntropy", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(url + "/nothing")).StatusCode);

        // A swap (reset: the base model with every λ stored as zero) fills the matrix with the bank's labels.
        var reset = await AgentTraffic.CommandAsync(client, Root, "reset");
        Assert.True(reset.GetProperty("ok").GetBoolean(), reset.ToString());
        var served = reset.GetProperty("result").GetProperty("version").GetString();

        var coefficients = await GetJsonAsync(url + "/api/coefficients");
        Assert.Equal(served, coefficients.GetProperty("modelVersion").GetString());
        Assert.Equal("reset", coefficients.GetProperty("cause").GetString());
        var taskVectors = coefficients.GetProperty("taskVectors").EnumerateArray().Select(t => t.GetString()).ToArray();
        var blocks = coefficients.GetProperty("blocks").GetArrayLength();
        Assert.Contains("fog", taskVectors);
        Assert.Equal(8, taskVectors.Length);
        Assert.True(blocks > 0);
        var rows = coefficients.GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(taskVectors.Length, rows.Length);
        Assert.All(rows, r => Assert.Equal(blocks, r.GetArrayLength()));
        Assert.All(rows.SelectMany(r => r.EnumerateArray()), v => Assert.Equal(0f, v.GetSingle()));

        // The same matrix is retained on MQTT for any operator tool.
        var retained = MqttTestClient.Json(await client.WaitForAsync(m => m.Topic == $"{Root}/adaptation/coefficients", TimeSpan.FromSeconds(10)));
        Assert.Equal(served, retained.GetProperty("modelVersion").GetString());
        Assert.Equal(taskVectors, retained.GetProperty("taskVectors").EnumerateArray().Select(t => t.GetString()).ToArray());
    }

    [Fact]
    public async Task Disabled_NothingListens()
    {
        int broker = FreePort.Next(), web = FreePort.Next();
        await using var agent = await StartAsync(broker, web, enabled: false);

        using var socket = new TcpClient();
        var e = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, web));

        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public void NonLoopbackUrl_IsRefusedAtStart_WithTheReasonAndTheWayOut()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Web:Enabled"] = "true",
            ["Web:Url"] = "http://0.0.0.0:8080",
            ["Mqtt:Mode"] = "Embedded",
            ["Agent:StateDirectory"] = _folder.File("state"),
        };

        var e = Assert.Throws<OptionsValidationException>(() => AgentHostFactory.Build(null, [], settings).Dispose());

        var message = string.Join("\n", e.Failures);
        Assert.Contains("Web:Url", message, StringComparison.Ordinal);
        Assert.Contains("not a loopback address", message, StringComparison.Ordinal);
        Assert.Contains("Web:AllowNonLoopback", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", false, true)]
    [InlineData("http://localhost:9000", false, true)]
    [InlineData("http://[::1]:8080", false, true)]
    [InlineData("http://192.168.1.10:8080", false, false)]
    [InlineData("http://192.168.1.10:8080", true, true)]
    [InlineData("https://127.0.0.1:8080", false, false)]
    [InlineData("http://127.0.0.1:8080/status", false, false)]
    [InlineData("not a url", false, false)]
    public void Validator_AcceptsLoopbackHttpOnly_UnlessAllowed(string url, bool allow, bool valid)
    {
        var result = new Atlas.Agent.Web.WebStatusOptionsValidator().Validate(null, new Atlas.Agent.Web.WebStatusOptions { Enabled = true, Url = url, AllowNonLoopback = allow });

        Assert.Equal(valid, result.Succeeded);
    }

    private Task<AgentHarness> StartAsync(int broker, int web, bool enabled) =>
        AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = Path.Combine(RepositoryPaths.SampleBank(), "base.onnx"),
            ["Adaptation:Bank"] = RepositoryPaths.SampleBank(),
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = broker.ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Web:Enabled"] = enabled ? "true" : "false",
            ["Web:Url"] = $"http://127.0.0.1:{web}",
        });

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
