namespace Atlas.Agent.Tests.TestSupport;

/// <summary>
/// A real mosquitto broker (Debian's) started on a free loopback port with a temporary configuration, for as long
/// as the test needs it; <see cref="RestartAsync"/> kills and restarts it on the same port.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private CliProcess? _process;

    private readonly string _listenerOptions;

    private MosquittoBroker(int port, string listenerOptions)
    {
        Port = port;
        _listenerOptions = listenerOptions;
    }

    public int Port { get; }

    public static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

    /// <param name="listenerOptions">Extra mosquitto.conf lines for the listener (e.g. TLS files).</param>
    public static async Task<MosquittoBroker> StartAsync(string listenerOptions = "")
    {
        var broker = new MosquittoBroker(FreePort.Next(), listenerOptions);
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
        await File.WriteAllTextAsync(config, $"listener {Port} 127.0.0.1\n{_listenerOptions}\nallow_anonymous true\nuser {Environment.UserName}\npersistence false\nlog_dest stderr\nlog_type all\n");
        _process = CliProcess.Start(Executable, ["-c", config]);
        // 'user' keeps mosquitto from dropping root privileges to a user that cannot read the test's files.
        // mosquitto logs "mosquitto version X running" once its listeners are open.
        await _process.WaitForOutputAsync(" running", TimeSpan.FromSeconds(10));
    }
}
