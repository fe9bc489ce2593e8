using Atlas.Agent.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Hosting;

/// <summary>
/// Builds the agent's generic host. Configuration, lowest to highest precedence: <c>appsettings.json</c> next to the
/// executable, the <c>--config</c> file, environment variables prefixed <c>ATLAS_</c> (<c>ATLAS_MQTT__HOST</c>),
/// <c>--Section:Key=value</c> command-line arguments, the <c>atlas run</c> options (<c>--model</c>, <c>--broker</c>...),
/// and last the values the agent sets live (log level from remote configuration). Integrates with systemd
/// (<c>Type=notify</c>, journal logging) and the Windows service control manager when run under them.
/// </summary>
internal static class AgentHostFactory
{
    /// <param name="configFile">An extra JSON settings file (<c>--config</c>), or null.</param>
    /// <param name="commandLine">Remaining <c>--Key=value</c> arguments.</param>
    /// <param name="overrides">Settings from the <c>atlas run</c> options.</param>
    /// <param name="configureServices">Test hook: runs after the agent's registrations (e.g. a fake clock).</param>
    public static IHost Build(
        string? configFile, IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string?> overrides,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "atlas",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
                throw new FileNotFoundException($"The configuration file '{configFile}' (--config) does not exist (resolved to '{full}').", full);
            builder.Configuration.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        builder.Configuration.AddEnvironmentVariables("ATLAS_");
        builder.Configuration.AddCommandLine([.. commandLine]);
        builder.Configuration.AddInMemoryCollection(overrides);
        var live = new LiveConfigurationSource();
        ((IConfigurationBuilder)builder.Configuration).Add(live);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(o => o.ServiceName = "atlas");
        builder.Services.AddAtlasAgent(builder.Configuration, live.Provider);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            // Every ValidateOnStart check at once, before any service is constructed, so one failure lists every
            // bad setting of every section (constructing services first would stop at the first bad section).
            host.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }
}
