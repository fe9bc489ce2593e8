using System.Globalization;
using Atlas.Agent.Tests.TestSupport;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// The agent under soak: the built <c>atlas</c> (<c>dotnet atlas.dll run</c>, next to this assembly) as a child
/// process, a client of the soak's broker (<c>Mqtt:Mode=External</c>) serving the bank's base model with adaptation
/// over that bank, its state in a folder of its own.
/// </summary>
internal sealed class SoakAgent : IAsyncDisposable
{
    private readonly CliProcess _process;

    private SoakAgent(CliProcess process) => _process = process;

    /// <summary>The agent's process id (the <c>dotnet</c> host runs the agent in-process).</summary>
    public int ProcessId => _process.Id;

    public string StandardError => _process.StandardError;

    public string StandardOutput => _process.StandardOutput;

    /// <summary>The agent assembly this soak starts.</summary>
    public static string AgentDll => Path.Combine(AppContext.BaseDirectory, "atlas.dll");

    public static SoakAgent Start(SoakOptions options, string brokerHost, int brokerPort, string device, string bank, string stateFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(AgentDll)) throw new FileNotFoundException($"The agent '{AgentDll}' is not built next to the soak program.", AgentDll);
        var invariant = CultureInfo.InvariantCulture;
        var arguments = new List<string>
        {
            AgentDll, "run",
            "--broker", $"{brokerHost}:{brokerPort}",
            "--model", Path.Combine(bank, "base.onnx"),
            "--device", device,
            "--state-dir", stateFolder,
            "--Mqtt:Mode=External",
            "--Adaptation:Bank=" + bank,
            "--Runtime:MetricsIntervalSeconds=" + options.MetricsIntervalSeconds.ToString(invariant),
        };
        if (options.AutomaticTrigger)
        {
            arguments.Add("--Runtime:Adaptation:Enabled=true");
            arguments.Add("--Runtime:Adaptation:EverySeconds=" + ((int)Math.Round(options.AdaptEvery.TotalSeconds)).ToString(invariant));
        }
        arguments.AddRange(options.AgentSettings.Select(s => "--" + s));
        return new SoakAgent(CliProcess.Start("dotnet", arguments, workingDirectory: stateFolder));
    }

    /// <summary>
    /// Waits until the agent has connected (its log says so; an exit before that fails with its error output) and its
    /// retained status, <paramref name="online"/>, has arrived.
    /// </summary>
    public async Task WaitOnlineAsync(Task online, TimeSpan timeout)
    {
        await _process.WaitForOutputAsync("Connected to MQTT broker", timeout);
        await online.WaitAsync(timeout);
    }

    /// <summary>Stops the agent with SIGTERM (a graceful stop) and returns its exit code; kills it after 30 s.</summary>
    public async Task<int> StopAsync()
    {
        await CliProcess.RunAsync("kill", ["-TERM", ProcessId.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        try
        {
            return await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            return -1;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
