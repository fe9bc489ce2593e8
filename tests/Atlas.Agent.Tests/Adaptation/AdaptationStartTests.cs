using System.Globalization;
using Atlas.Agent.Ingest;
using Atlas.Agent.Tests.TestSupport;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>Adaptation refuses to start over a bank built on another model than the one served.</summary>
[Trait("Category", "Integration")]
public sealed class AdaptationStartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task BankOfAnotherModel_StopsTheStart_NamingBothModels()
    {
        var model = TestModels.SaveClassifier(_folder.File("model.onnx"));
        var bank = Path.Combine(Path.GetDirectoryName(typeof(AdaptationStartTests).Assembly.Location)!, "..", "..", "..", "..", "..", "samples", "fashion-camera", "bank");

        var error = await Assert.ThrowsAsync<AgentStartupException>(() => AgentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Model:Path"] = model,
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Agent:StateDirectory"] = _folder.File("state"),
            ["Adaptation:Bank"] = Path.GetFullPath(bank),
        }));

        Assert.Contains(model, error.Message, StringComparison.Ordinal);
        Assert.Contains("2dd5e20e6ae770c6", error.Message, StringComparison.Ordinal);
    }
}
