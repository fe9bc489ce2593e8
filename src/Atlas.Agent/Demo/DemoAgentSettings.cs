using System.Globalization;

namespace Atlas.Agent.Demo;

/// <summary>
/// The configuration the demo gives the agent it hosts: the sample's base model and bank, an embedded broker on a free
/// loopback port, a temporary state folder, automatic adaptation every N frames, quiet logs (the view owns the
/// terminal), and optionally the status page on another free loopback port.
/// </summary>
internal static class DemoAgentSettings
{
    /// <summary>The device id in the demo's topics.</summary>
    public const string Device = "demo";

    public static Dictionary<string, string?> Create(string baseModel, string bank, int brokerPort, string stateDirectory, int adaptEveryFrames, int bufferWindow, int? webPort)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Model:Path"] = baseModel,
            ["Adaptation:Bank"] = bank,
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Agent:DeviceId"] = Device,
            ["Agent:StateDirectory"] = stateDirectory,
            ["Ingest:QueueCapacity"] = "1024",
            ["Adaptation:Epochs"] = "10",
            ["Adaptation:BufferWindow"] = bufferWindow.ToString(CultureInfo.InvariantCulture),
            ["Runtime:Adaptation:Enabled"] = "true",
            ["Runtime:Adaptation:EveryFrames"] = adaptEveryFrames.ToString(CultureInfo.InvariantCulture),
            ["Runtime:Adaptation:MinIntervalSeconds"] = "0",
            ["Runtime:MetricsIntervalSeconds"] = "5",
            ["Runtime:LogLevel"] = "Error",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Error",
        };
        if (webPort is { } port)
        {
            settings["Web:Enabled"] = "true";
            settings["Web:Url"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        }
        return settings;
    }
}
