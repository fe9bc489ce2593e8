using System.Globalization;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Adaptation;
using Atlas.Engine.Storage;
using MQTTnet;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// The real <c>atlas</c> process on the shipped sample bank is killed with SIGKILL in the middle of writing an accepted
/// version, then restarted on the same state folder. To land the kill inside the write without any hook in the product,
/// the test puts a named pipe where the store's temporary file goes: opening it for writing blocks (the kernel reports the
/// thread waiting in <c>wait_for_partner</c>) until the process is killed. After each restart the last version whose
/// write completed is served, the store loads, and the half-written temporary file is removed, never read as a version.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KillDuringStateWriteTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string AgentDll = Path.Combine(AppContext.BaseDirectory, "atlas.dll");
    private readonly TempFolder _folder = new();
    private readonly string _state;
    private readonly string _store;

    public KillDuringStateWriteTests()
    {
        _state = _folder.File("state");
        _store = SeededAdaptationState.StoreFolder(_state);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task KillDuringCoefficientOrIndexWrite_RestartServesLastCompletedVersion()
    {
        var stored = SeededAdaptationState.Write(_state, RepositoryPaths.SampleBank(), [], 0.1f);
        var adapted = $"adapted-{stored[0]}";
        var nextFile = Path.Combine(_store, "coefficients", $"{stored[0] + 1:D6}.json");
        var index = Path.Combine(_store, "accepted.json");

        // 1. Killed while writing the new version's coefficient file.
        string pipe;
        await using (var agent = await AgentProcess.StartAsync(_folder.Path, _state))
        {
            Assert.Equal(adapted, await agent.ServedVersionAsync("first"));
            pipe = await StallAsync(agent, nextFile);
        }
        Assert.True(Path.Exists(pipe), "the interrupted write's temporary file is left behind");
        Assert.False(File.Exists(nextFile));

        // 2. Restarted: the old version, the leftover removed. Then killed while writing the index that would name the new version.
        await using (var agent = await AgentProcess.StartAsync(_folder.Path, _state))
        {
            Assert.Equal(adapted, await agent.ServedVersionAsync("second"));
            Assert.False(Path.Exists(pipe), "the leftover temporary file is removed when the store opens");
            await StallAsync(agent, index);
        }
        Assert.True(File.Exists(nextFile), "the coefficient file was complete");
        Assert.DoesNotContain(Path.GetFileName(nextFile), await File.ReadAllTextAsync(index), StringComparison.Ordinal);

        // 3. Restarted: still the old version (a complete file the index does not name is not a version). A write that
        //    completes, then SIGKILL right after its answer.
        string baseVersion;
        await using (var agent = await AgentProcess.StartAsync(_folder.Path, _state))
        {
            Assert.Equal(adapted, await agent.ServedVersionAsync("third"));
            var reset = await AgentTraffic.CommandAsync(agent.Client, AgentProcess.Root, "reset");
            Assert.True(reset.GetProperty("ok").GetBoolean(), reset.ToString());
            Assert.Equal(stored[0] + 1, reset.GetProperty("result").GetProperty("stored").GetInt32());
            baseVersion = reset.GetProperty("result").GetProperty("version").GetString()!;
            agent.Process.Kill();
        }

        // 4. Restarted: the completed write is in force.
        await using (var agent = await AgentProcess.StartAsync(_folder.Path, _state))
            Assert.Equal(baseVersion, await agent.ServedVersionAsync("fourth"));
        var versions = new CoefficientStateStore(_store).Versions.Select(v => v.Version).ToArray();
        Assert.Equal([stored[0], stored[0] + 1], versions);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_store, "*", SearchOption.AllDirectories), DurableFile.IsTemporary);
    }

    /// <summary>
    /// Makes the agent's next write of <paramref name="target"/> block, asks for a write (<c>reset</c>), waits until it
    /// blocks, and kills the agent. Returns the temporary file's path.
    /// </summary>
    private static async Task<string> StallAsync(AgentProcess agent, string target)
    {
        var temporary = target + DurableFile.TemporaryInfix + agent.Process.Id.ToString(CultureInfo.InvariantCulture);
        var made = await CliProcess.RunAsync("mkfifo", [temporary], Timeout);
        Assert.True(made.ExitCode == 0, made.Error);
        await agent.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{AgentProcess.Root}/cmd/reset").WithPayload("{}").Build());
        await WaitForBlockedOpenAsync(agent.Process.Id);
        agent.Process.Kill();
        await agent.Process.WaitForExitAsync(Timeout);
        return temporary;
    }

    /// <summary>
    /// Waits until a thread of <paramref name="pid"/> sleeps in the kernel waiting for a named pipe's reader. The runtime's
    /// own debugger thread (".NET DebugPipe") always waits on a pipe of its own, so it is left out.
    /// </summary>
    private static async Task WaitForBlockedOpenAsync(int pid)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var threads = Directory.EnumerateDirectories($"/proc/{pid}/task")
                .Select(t => (Name: TryRead(Path.Combine(t, "comm")) ?? "", Channel: TryRead(Path.Combine(t, "wchan")))).ToArray();
            if (threads.Any(t => t.Channel == "wait_for_partner" && !t.Name.Contains("DebugPipe", StringComparison.Ordinal))) return;
            var channels = threads.Select(t => t.Channel).ToArray();
            if (channels.All(c => c is null or "0" or ""))
            {
                // This kernel hides wait channels: give the command time to reach the write, which then blocks for good.
                await Task.Delay(TimeSpan.FromSeconds(3));
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Process {pid} did not block on the named pipe within {Timeout}.");
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The <c>atlas run</c> child process with its embedded broker and a connected test client.</summary>
    private sealed class AgentProcess : IAsyncDisposable
    {
        private AgentProcess(CliProcess process, MqttTestClient client)
        {
            Process = process;
            Client = client;
        }

        public const string Root = "atlas/survivor";

        public CliProcess Process { get; }

        public MqttTestClient Client { get; }

        public static async Task<AgentProcess> StartAsync(string workingDirectory, string state)
        {
            var bank = RepositoryPaths.SampleBank();
            var port = FreePort.Next();
            var process = CliProcess.Start("dotnet", [AgentDll, "run", "--model", Path.Combine(bank, "base.onnx"), "--state-dir", state, "--device", "survivor",
                $"--Mqtt:Port={port}", $"--Adaptation:Bank={bank}"], workingDirectory);
            try
            {
                await process.WaitForOutputAsync("Connected to MQTT broker", Timeout);
                return new AgentProcess(process, await MqttTestClient.ConnectAsync(port, "atlas/survivor/#", "replies/me"));
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }

        public async Task<string> ServedVersionAsync(string frameId)
        {
            await Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/frames/cam1").WithPayload(FashionImages.Png(3))
                .WithUserText("frame-id", frameId).Build());
            var prediction = await Client.WaitForTopicAsync($"{Root}/predictions/cam1", j => j.GetProperty("frameId").GetString() == frameId, Timeout);
            return MqttTestClient.Json(prediction).GetProperty("modelVersion").GetString()!;
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Process.DisposeAsync();
        }
    }
}
