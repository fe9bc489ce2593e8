using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Adaptation;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary><c>Adaptation:RetainVersions</c> bounds the state folder of a running agent: older versions are deleted.</summary>
[Trait("Category", "Integration")]
public sealed class StateRetentionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RetainTwo_FourStoredVersions_LeaveTheNewestTwo()
    {
        var state = _folder.File("state");
        await using (var agent = await AdaptingAgent.StartAsync(frames: 4, new Dictionary<string, string?> { ["Adaptation:RetainVersions"] = "2" }, state))
        {
            for (int i = 0; i < 4; i++)
            {
                var reset = await agent.CommandAsync("reset");
                Assert.True(reset.GetProperty("ok").GetBoolean(), reset.ToString());
            }
        }

        var store = new CoefficientStateStore(SeededAdaptationState.StoreFolder(state));
        Assert.Equal([3, 4], store.Versions.Select(v => v.Version));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(store.Directory, "coefficients")).Length);
    }
}
