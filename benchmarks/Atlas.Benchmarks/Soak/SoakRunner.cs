using System.Globalization;
using System.Text.Json;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Data;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// Runs one soak: a broker (mosquitto on a free loopback port unless <see cref="SoakOptions.Broker"/> names one), the
/// agent as a child process, frames at a fixed rate through the drift, adaptation commands on their period, the
/// agent's RSS sampled throughout; then a drain, the agent's final counters, a graceful stop, and the report.
/// </summary>
internal static class SoakRunner
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static async Task<SoakReport> RunAsync(SoakOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        var bank = Path.GetFullPath(options.Bank ?? RepositoryPaths.SampleBank());
        var sample = Path.Combine(RepositoryPaths.Root(), "samples", "fashion-camera");
        var images = DataSpec.Parse($"idx:{sample}/test-images-idx3-ubyte.gz,{sample}/test-labels-idx1-ubyte.gz").Load();
        var frames = SoakFrames.Render(images, options.Drift, options.Payload == "tensor");
        log(string.Create(CultureInfo.InvariantCulture, $"soak: {options.Describe()}; {images.Count} images × {frames.Conditions.Count} conditions rendered; bank {bank}"));

        using var folder = new TempFolder();
        await using var broker = options.Broker is null ? await MosquittoBroker.StartAsync() : null;
        var (host, port) = broker is null ? ParseBroker(options.Broker!) : ("127.0.0.1", broker.Port);
        var device = "soak-" + Guid.NewGuid().ToString("N")[..6];
        var root = $"atlas/{device}";
        var ledger = new FrameLedger();
        var startupClock = new SoakClock();
        await using var client = await SoakClient.ConnectAsync(host, port, root, ledger, startupClock, cancellationToken);
        await using var agent = SoakAgent.Start(options, host, port, device, bank, folder.Path);
        await agent.WaitOnlineAsync(client.Online, StartTimeout);
        log(string.Create(CultureInfo.InvariantCulture, $"soak: agent pid {agent.ProcessId} online on {host}:{port} as {root} after {startupClock.Seconds:F1} s; RSS {MemorySampler.ResidentMiB(agent.ProcessId):F0} MiB"));

        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = LoadAverage();
        var clock = new SoakClock();
        using var sampling = new CancellationTokenSource();
        var sampler = new MemorySampler(agent.ProcessId, options.SampleEvery, clock, ledger);
        var sampling1 = sampler.RunAsync(sampling.Token);
        var commands = new List<SoakCommand>();
        var adapting = options.AdaptEvery > TimeSpan.Zero && !options.AutomaticTrigger
            ? AdaptLoopAsync(client, options, clock, commands, log, cancellationToken)
            : Task.CompletedTask;
        var lag = await SendLoopAsync(client, frames, options, clock, log, cancellationToken);
        await adapting;
        var drainStart = clock.Seconds;
        while (ledger.Outstanding > 0 && clock.Seconds - drainStart < options.Drain.TotalSeconds)
            await Task.Delay(100, cancellationToken);
        var seconds = clock.Seconds;
        var status = await client.CommandAsync("status", TimeSpan.FromSeconds(30), cancellationToken);
        await sampling.CancelAsync();
        await sampling1;
        var exitCode = await agent.StopAsync();
        log($"soak: agent stopped with exit code {exitCode}");

        return SoakReportBuilder.Build(options, new SoakRun(startedAt, seconds, $"{loadAtStart} → {LoadAverage()}", ledger, lag,
            status.GetProperty("result").GetProperty("metrics"), client.Events, client.Metrics, sampler.Samples, commands, exitCode));
    }

    /// <summary>Publishes frame n at n / fps seconds (drift stage by the same clock); returns the largest lag behind that schedule, ms.</summary>
    private static async Task<double> SendLoopAsync(SoakClient client, SoakFrames frames, SoakOptions options, SoakClock clock, Action<string> log, CancellationToken cancellationToken)
    {
        var interval = 1.0 / options.FramesPerSecond;
        var maxLag = 0.0;
        var nextReport = 60.0;
        for (long n = 0; ; n++)
        {
            var due = n * interval;
            if (due >= options.Duration.TotalSeconds) return maxLag * 1000;
            var wait = due - clock.Seconds;
            if (wait > 0.001) await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
            maxLag = Math.Max(maxLag, clock.Seconds - due);
            var stage = (int)(due / options.DriftEvery.TotalSeconds);
            await client.PublishFrameAsync("soak-" + n.ToString(CultureInfo.InvariantCulture), frames.Payload(stage, n), frames, cancellationToken);
            if (due >= nextReport)
            {
                nextReport += 60;
                var ledger = client.Ledger;
                log(string.Create(CultureInfo.InvariantCulture,
                    $"soak: {due,5:F0} s  sent {ledger.Sent}  served {ledger.Served}  outstanding {ledger.Outstanding}  condition {frames.Conditions[stage % frames.Conditions.Count]}"));
            }
        }
    }

    /// <summary>Sends <c>adapt</c> (or <c>reset</c> on every <see cref="SoakOptions.ResetEvery"/>-th tick) each period while frames flow.</summary>
    private static async Task AdaptLoopAsync(SoakClient client, SoakOptions options, SoakClock clock, List<SoakCommand> commands, Action<string> log, CancellationToken cancellationToken)
    {
        var period = options.AdaptEvery.TotalSeconds;
        var timeout = TimeSpan.FromSeconds(Math.Max(120, period * 2));
        for (var tick = 1; tick * period < options.Duration.TotalSeconds; tick++)
        {
            var wait = (tick * period) - clock.Seconds;
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
            var name = options.ResetEvery > 0 && tick % options.ResetEvery == 0 ? "reset" : "adapt";
            var at = clock.Seconds;
            SoakCommand command;
            try
            {
                var reply = await client.CommandAsync(name, timeout, cancellationToken);
                command = Describe(at, name, reply, (clock.Seconds - at) * 1000);
            }
            catch (TimeoutException)
            {
                command = new SoakCommand(at, name, false, null, (clock.Seconds - at) * 1000, $"no reply within {timeout.TotalSeconds:F0} s");
            }
            commands.Add(command);
            log(string.Create(CultureInfo.InvariantCulture,
                $"soak: {at,5:F0} s  {name}: {(command.Ok ? "ok" : "FAILED")}{(command.Accepted is { } a ? a ? ", accepted" : ", rejected" : "")} in {command.Milliseconds:F0} ms{(command.Detail is null ? "" : ": " + command.Detail)}"));
        }
    }

    private static SoakCommand Describe(double at, string name, JsonElement reply, double milliseconds)
    {
        var ok = reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("ok", out var o) && o.ValueKind == JsonValueKind.True;
        if (!ok) return new SoakCommand(at, name, false, null, milliseconds, SoakClient.Text(reply, "error") ?? reply.ToString());
        var result = reply.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        bool? accepted = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("accepted", out var a) && a.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? a.GetBoolean()
            : null;
        return new SoakCommand(at, name, true, accepted, milliseconds, SoakClient.Text(result, "reason") ?? SoakClient.Text(result, "version"));
    }

    private static (string Host, int Port) ParseBroker(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"--broker '{text}' is not HOST:PORT.");
        return (text[..colon], port);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
