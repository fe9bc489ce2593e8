using System.Globalization;
using Atlas.Agent.Hosting;
using Atlas.Agent.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Tests.Configuration;

public sealed class BrokerAuthValidationTests
{
    private static string[] Failures(Dictionary<string, string?> settings) =>
        Assert.Throws<OptionsValidationException>(() => AgentHostFactory.Build(null, [], settings).Dispose()).Failures.ToArray();

    [Fact]
    public void EmbeddedBrokerBeyondLoopbackWithoutAuth_IsRefusedNamingTheSetting()
    {
        var failures = Failures(new() { ["Mqtt:Host"] = "0.0.0.0" });

        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Enabled:", StringComparison.Ordinal) && f.Contains("0.0.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public void EmbeddedBrokerBeyondLoopbackWithAuthButNoUser_IsRefused()
    {
        var failures = Failures(new() { ["Mqtt:Host"] = "0.0.0.0", ["Mqtt:Auth:Enabled"] = "true" });

        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Enabled:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Users:", StringComparison.Ordinal) && f.Contains("no user", StringComparison.Ordinal));
    }

    [Fact]
    public void UserWithBothOrNeitherPasswordSource_OrAMalformedHash_IsRefused()
    {
        var failures = Failures(new()
        {
            ["Mqtt:Auth:Enabled"] = "true",
            ["Mqtt:Auth:Users:0:Name"] = "a",
            ["Mqtt:Auth:Users:1:Name"] = "b",
            ["Mqtt:Auth:Users:1:PasswordHash"] = "pbkdf2-sha256$1$AAAA$AAAA",
            ["Mqtt:Auth:Users:1:PasswordEnvironmentVariable"] = "X",
            ["Mqtt:Auth:Users:2:Name"] = "c",
            ["Mqtt:Auth:Users:2:PasswordHash"] = "plain-text-password",
        });

        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Users:0:", StringComparison.Ordinal) && f.Contains("'a'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Users:1:", StringComparison.Ordinal) && f.Contains("'b'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Users:2:PasswordHash:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("plain-text-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UserWhosePasswordVariableIsUnset_StopsTheStartNamingUserAndVariable()
    {
        using var folder = new TempFolder();
        var variable = "ATLAS_TEST_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        using var host = AgentHostFactory.Build(null, [], new Dictionary<string, string?>
        {
            ["Model:Path"] = TestModels.SaveClassifier(folder.File("model.onnx")),
            ["Mqtt:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = folder.File("state"),
            ["Plugins:Directories:0"] = Directory.CreateDirectory(folder.File("plugins")).FullName,
            ["Mqtt:Auth:Enabled"] = "true",
            ["Mqtt:Auth:Users:0:Name"] = "ops",
            ["Mqtt:Auth:Users:0:Role"] = "Operator",
            ["Mqtt:Auth:Users:0:PasswordEnvironmentVariable"] = variable,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(timeout.Token));

        var messages = string.Join('\n', Flatten(error).Select(e => e.Message));
        Assert.True(messages.Contains("'ops'", StringComparison.Ordinal), messages);
        Assert.Contains(variable, messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }
}
