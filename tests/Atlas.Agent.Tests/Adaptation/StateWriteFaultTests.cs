using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Adaptation;
using Atlas.Engine.Storage;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// The adaptation state folder fails under a running agent, through the production write path and in ways that stop root
/// too: the disk is full (the write's temporary file is a link to <c>/dev/full</c>, so the write itself gets ENOSPC) or
/// the folder is gone (replaced by a plain file, so every path under it fails). The command is refused with an event and
/// a log naming the folder and the OS error, the served composition does not change, and a restart serves what was served
/// before.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StateWriteFaultTests : IDisposable
{
    /// <summary>The task vectors <see cref="AdaptingAgent"/> leaves out of its composition.</summary>
    private static readonly string[] Exclude = ["fog"];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task DiskFull_ResetIsRefusedWithPathAndOsError_ServedCompositionStays()
    {
        var state = _folder.File("state");
        var stored = SeededAdaptationState.Write(state, RepositoryPaths.SampleBank(), Exclude, 0.1f);
        await using var agent = await AdaptingAgent.StartAsync(frames: 10, stateDirectory: state);
        Assert.Equal($"adapted-{stored[0]}", await agent.ProbeVersionAsync());
        var store = SeededAdaptationState.StoreFolder(state);
        var next = Path.Combine(store, "coefficients", $"{stored[0] + 1:D6}.json");
        File.CreateSymbolicLink(DurableFile.TemporaryPathOf(next), "/dev/full");

        var reset = await agent.CommandAsync("reset");

        Assert.False(reset.GetProperty("ok").GetBoolean(), reset.ToString());
        Assert.Contains(store, reset.GetProperty("error").GetString(), StringComparison.Ordinal);
        var failed = await agent.EventAsync("state-write-failed");
        Assert.Equal(store, failed.GetProperty("path").GetString());
        Assert.Contains("No space left on device", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(store, agent.Logs.Text, StringComparison.Ordinal);
        Assert.Equal($"adapted-{stored[0]}", await agent.ProbeVersionAsync());
        Assert.False(File.Exists(next));
        Assert.Equal(stored, new CoefficientStateStore(store).Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task StateFolderReplacedByFile_ResetAndRollbackAreRefused_RestartServesTheSameComposition()
    {
        var state = _folder.File("state");
        var stored = SeededAdaptationState.Write(state, RepositoryPaths.SampleBank(), Exclude, 0.05f, 0.1f);
        var store = SeededAdaptationState.StoreFolder(state);
        var served = $"adapted-{stored[^1]}";
        await using (var agent = await AdaptingAgent.StartAsync(frames: 10, stateDirectory: state))
        {
            Assert.Equal(served, await agent.ProbeVersionAsync());
            Directory.Move(store, store + ".saved");
            await File.WriteAllTextAsync(store, "a file where the state folder was");

            var reset = await agent.CommandAsync("reset");
            var rollback = await agent.CommandAsync("rollback");

            Assert.False(reset.GetProperty("ok").GetBoolean(), reset.ToString());
            Assert.False(rollback.GetProperty("ok").GetBoolean(), rollback.ToString());
            Assert.Contains(store, rollback.GetProperty("error").GetString(), StringComparison.Ordinal);
            var failed = await agent.EventAsync("state-write-failed");
            Assert.Equal(store, failed.GetProperty("path").GetString());
            Assert.False(string.IsNullOrWhiteSpace(failed.GetProperty("error").GetString()));
            Assert.Equal(served, await agent.ProbeVersionAsync());
        }

        File.Delete(store);
        Directory.Move(store + ".saved", store);
        await using var restarted = await AdaptingAgent.StartAsync(frames: 10, stateDirectory: state);
        Assert.Equal(served, await restarted.ProbeVersionAsync());
    }
}
