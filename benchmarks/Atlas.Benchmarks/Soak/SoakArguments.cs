using System.Globalization;

namespace Atlas.Benchmarks.Soak;

/// <summary>Parses the <c>soak</c> program mode's command line (<c>--name value</c> pairs) into <see cref="SoakOptions"/>.</summary>
internal static class SoakArguments
{
    public const string Usage = """
        soak [--duration S] [--fps N] [--adapt-every S] [--reset-every N] [--auto-trigger] [--drift C1,C2,...] [--drift-every S]
             [--payload png|tensor] [--broker HOST:PORT] [--bank DIR] [--out DIR] [--sample-every S] [--metrics-every S]
             [--drain S] [--warmup S] [--max-growth-mib M] [--max-slope-mib-per-min M] [--agent-setting Section:Key=value]...
        Defaults: 600 s at 30 frames/s, adapt every 60 s, drift clean,fog:2,fog:4,dark:4,gaussian-noise:3 every 45 s, png,
        mosquitto on a free loopback port, the shipped sample bank, artifacts/soak/<UTC time>.
        """;

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> naming an unknown option or a bad value.</summary>
    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--auto-trigger")
            {
                options = options with { AutomaticTrigger = true };
                continue;
            }
            if (i + 1 >= args.Count) throw new ArgumentException($"Option '{name}' needs a value.\n{Usage}");
            var value = args[++i];
            options = name switch
            {
                "--duration" => options with { Duration = Seconds(name, value) },
                "--fps" => options with { FramesPerSecond = Number(name, value) },
                "--adapt-every" => options with { AdaptEvery = Seconds(name, value) },
                "--reset-every" => options with { ResetEvery = (int)Number(name, value) },
                "--drift" => options with { Drift = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
                "--drift-every" => options with { DriftEvery = Seconds(name, value) },
                "--payload" => options with { Payload = value },
                "--broker" => options with { Broker = value },
                "--bank" => options with { Bank = value },
                "--out" => options with { OutputFolder = value },
                "--sample-every" => options with { SampleEvery = Seconds(name, value) },
                "--metrics-every" => options with { MetricsIntervalSeconds = (int)Number(name, value) },
                "--drain" => options with { Drain = Seconds(name, value) },
                "--warmup" => options with { Warmup = Seconds(name, value) },
                "--max-growth-mib" => options with { MaxGrowthMiB = Number(name, value) },
                "--max-slope-mib-per-min" => options with { MaxSlopeMiBPerMinute = Number(name, value) },
                "--agent-setting" => AddSetting(options, settings, value),
                _ => throw new ArgumentException($"Unknown soak option '{name}'.\n{Usage}"),
            };
        }
        options.Validate();
        return options;
    }

    private static SoakOptions AddSetting(SoakOptions options, List<string> settings, string value)
    {
        settings.Add(value);
        return options with { AgentSettings = [.. settings] };
    }

    private static TimeSpan Seconds(string name, string value) => TimeSpan.FromSeconds(Number(name, value));

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"Option '{name}' needs a number, got '{value}'.");
}
