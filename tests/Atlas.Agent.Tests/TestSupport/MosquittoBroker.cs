namespace Atlas.Agent.Tests.TestSupport;

/// <summary>
/// A real mosquitto broker (Debian's) started on a free loopback port with a temporary configuration, for as long
/// as the test needs it; <see cref="RestartAsync"/> kills and restarts it on the same port.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private CliProcess? _process;

    private MosquittoBroker(int port) => Port = port;

    public int Port { get; }

    public static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

    public static async Task<MosquittoBroker> StartAsync()
    {
        var broker = new MosquittoBroker(FreePort.Next());
        await broker.LaunchAsync();
        return broker;
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>Waits for a line in the broker's log, e.g. <c>Received SUBSCRIBE from client-id</c>.</summary>
    public Task WaitForLogAsync(string text, TimeSpan timeout) =>
        (_process ?? throw new InvalidOperationException("mosquitto is not running.")).WaitForOutputAsync(text, timeout);

    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
    }

    private async Task LaunchAsync()
    {
        var config = _folder.File("mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type all\n");
        _process = CliProcess.Start(Executable, ["-c", config]);
        // mosquitto logs "mosquitto version X running" once its listeners are open.
        await _process.WaitForOutputAsync(" running", TimeSpan.FromSeconds(10));
    }
}
