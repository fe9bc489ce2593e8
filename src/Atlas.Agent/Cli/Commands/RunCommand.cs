using System.CommandLine;
using System.Globalization;
using Atlas.Agent.Configuration;
using Atlas.Agent.Hosting;
using Atlas.Agent.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas run</c>: the long-running agent. With no arguments it starts the embedded broker on 127.0.0.1:1883 and
/// serves the shipped sample model; options and <c>--Section:Key=value</c> arguments override the configuration.
/// </summary>
internal sealed class RunCommand : ICliCommandProvider
{
    public Command Create()
    {
        var config = new Option<string?>("--config") { Description = "A JSON settings file layered over appsettings.json (see docs/deployment.md)." };
        var model = new Option<string?>("--model") { Description = "The ONNX classifier to serve (default samples/fashion-camera/base.onnx)." };
        var broker = new Option<string?>("--broker") { Description = "'embedded' or 'embedded:PORT' for the built-in broker (default), or HOST:PORT of an external MQTT 5 broker." };
        var device = new Option<string?>("--device") { Description = "Device id in every topic (default: the host name)." };
        var prefix = new Option<string?>("--prefix") { Description = "First topic level (default: atlas)." };
        var state = new Option<string?>("--state-dir") { Description = "Folder for persisted state (default: ./state)." };
        var group = new Option<string?>("--shared-group") { Description = "Read frames through the MQTT 5 shared subscription $share/GROUP/<prefix>/+/frames/# (external broker)." };
        var command = new Command("run", "Run the agent: serve camera frames over MQTT, configured remotely.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in new[] { config, model, broker, device, prefix, state, group }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Put(overrides, "Model:Path", parse.GetValue(model));
            Put(overrides, "Agent:DeviceId", parse.GetValue(device));
            Put(overrides, "Agent:TopicPrefix", parse.GetValue(prefix));
            Put(overrides, "Agent:StateDirectory", parse.GetValue(state));
            Put(overrides, "Mqtt:SharedSubscriptionGroup", parse.GetValue(group));
            if (parse.GetValue(broker) is { } brokerText && !TryParseBroker(brokerText, overrides))
                return CliOutput.Fail($"--broker '{brokerText}' is not 'embedded', 'embedded:PORT' or 'HOST:PORT'.");
            return await RunAsync(parse.GetValue(config), parse.UnmatchedTokens, overrides, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Builds and runs the host until it stops; maps start-up failures to a clear message and exit code 2.</summary>
    internal static async Task<int> RunAsync(string? configFile, IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        try
        {
            using var host = AgentHostFactory.Build(configFile, commandLine, overrides);
            // Fail fast, before anything starts or logs, when the model file is missing.
            ModelServingService.ResolveModelFile(host.Services.GetRequiredService<IOptions<ModelOptions>>().Value);
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            return CliOutput.Fail(message);
        }
    }

    private static string? Describe(Exception e) => e switch
    {
        AgentStartupException s => s.Message,
        OptionsValidationException v => "invalid configuration:" + string.Concat(v.Failures.Select(f => $"{Environment.NewLine}  {f}")),
        FileNotFoundException f => f.Message,
        InvalidOperationException i when i.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase) => "invalid configuration: " + i.Message,
        AggregateException a when a.InnerExceptions.Select(Describe).ToArray() is var all && all.All(m => m is not null) => string.Join(Environment.NewLine, all),
        _ => null,
    };

    private static bool TryParseBroker(string text, Dictionary<string, string?> overrides)
    {
        if (text.Equals("embedded", StringComparison.OrdinalIgnoreCase))
        {
            overrides["Mqtt:Mode"] = "Embedded";
            return true;
        }
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)) return false;
        var host = text[..colon];
        if (host.Equals("embedded", StringComparison.OrdinalIgnoreCase))
        {
            overrides["Mqtt:Mode"] = "Embedded";
        }
        else
        {
            overrides["Mqtt:Mode"] = "External";
            overrides["Mqtt:Host"] = host;
        }
        overrides["Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static void Put(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null) overrides[key] = value;
    }
}
