using Atlas.Agent.Adaptation;
using Atlas.Agent.Commands;
using Atlas.Agent.Configuration;
using Atlas.Agent.Ingest;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Mqtt.Access;
using Atlas.Agent.Plugins;
using Atlas.Agent.Telemetry;
using Atlas.Agent.Web;
using Atlas.Engine.Inference;
using Atlas.Engine.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Hosting;

/// <summary>Registers the agent: options (validated at start), MQTT, ingest and inference, remote configuration, commands, telemetry.</summary>
internal static class AgentServiceCollectionExtensions
{
    /// <summary>The agent's <c>Plugins:StepTimeout</c> when configuration does not set one.</summary>
    internal static readonly TimeSpan AgentDefaultStepTimeout = TimeSpan.FromSeconds(60);

    public static IServiceCollection AddAtlasAgent(this IServiceCollection services, IConfiguration configuration, LiveConfigurationProvider live)
    {
        AddValidatedOptions<AgentOptions>(services, configuration, AgentOptions.Section);
        services.PostConfigure<AgentOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.DeviceId)) o.DeviceId = TopicLevel.Sanitize(Environment.MachineName);
        });
        AddValidatedOptions<ModelOptions>(services, configuration, ModelOptions.Section);
        AddValidatedOptions<MqttOptions>(services, configuration, MqttOptions.Section);
        AddValidatedOptions<IngestOptions>(services, configuration, IngestOptions.Section);
        AddValidatedOptions<RuntimeSettings>(services, configuration, RuntimeSettings.Section);
        services.AddOptions<InferenceHostOptions>().Bind(configuration.GetSection(InferenceSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InferenceHostOptions>, PrefixedInferenceOptionsValidator>();
        var agent = configuration.GetSection(AgentOptions.Section).Get<AgentOptions>() ?? new AgentOptions();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Clamp(agent.ShutdownTimeoutSeconds, 1, 300)));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(live);
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton(sp => TopicLayout.From(sp.GetRequiredService<IOptions<AgentOptions>>().Value, sp.GetRequiredService<IOptions<MqttOptions>>().Value));
        services.AddSingleton(sp => new ReconnectBackoff(sp.GetRequiredService<IOptions<MqttOptions>>().Value.Reconnect, Random.Shared));
        services.AddSingleton<MqttOutbox>();
        services.AddSingleton<IMqttPublisher>(sp => sp.GetRequiredService<MqttOutbox>());
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<InternalBrokerCredential>();
        services.AddSingleton<Mqtt.Tls.EmbeddedBrokerTls>();
        if (configuration.GetValue<bool>($"{MqttOptions.Section}:Auth:Enabled"))
            services.TryAddSingleton<IBrokerAccessPolicy, RoleBasedAccessPolicy>();
        else
            services.TryAddSingleton<IBrokerAccessPolicy, AllowAllAccessPolicy>();

        services.AddSingleton<InferenceHost>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<FrameQueue>();
        services.AddSingleton<BadFrameReporter>();
        services.AddSingleton<FrameIngest>();

        services.AddSingleton<RuntimeConfigService>();
        services.AddSingleton<IRuntimeSettingsSource>(sp => sp.GetRequiredService<RuntimeConfigService>());
        services.AddSingleton<StatusReporter>();
        services.AddSingleton<IMqttConnectionListener>(sp => sp.GetRequiredService<StatusReporter>());
        services.AddSingleton<IMqttConnectionListener>(sp => sp.GetRequiredService<RuntimeConfigService>());

        WebStatusRegistration.Add(services, configuration);
        var adaptation = AdaptationRegistration.Add(services, configuration);
        services.TryAddSingleton<IAdaptationService, UnavailableAdaptationService>();
        // The agent runs unattended, so unlike the CLI it limits objective steps by default: a plugin step that never
        // returns would otherwise hold the adaptation gate until a restart. Configuration overrides it ("" for none).
        services.AddOptions<PluginOptions>()
            .Configure(o => o.StepTimeout = AgentDefaultStepTimeout)
            .Bind(configuration.GetSection(PluginOptions.SectionName));
        services.AddSingleton<ObjectivePluginReloader>();
        services.TryAddSingleton<IPluginReloader>(sp => sp.GetRequiredService<ObjectivePluginReloader>());
        services.AddSingleton<ICommandHandler, StatusCommand>();
        services.AddSingleton<ICommandHandler, SnapshotCommand>();
        services.AddSingleton<ICommandHandler, ReloadPluginsCommand>();
        services.AddSingleton<ICommandHandler>(sp => AdaptationCommand.Adapt(sp.GetRequiredService<IAdaptationService>()));
        services.AddSingleton<ICommandHandler>(sp => AdaptationCommand.Cancel(sp.GetRequiredService<IAdaptationService>()));
        services.AddSingleton<ICommandHandler>(sp => AdaptationCommand.Reset(sp.GetRequiredService<IAdaptationService>()));
        services.AddSingleton<ICommandHandler>(sp => AdaptationCommand.Rollback(sp.GetRequiredService<IAdaptationService>()));
        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<IMqttMessageHandler, MessageRouter>();

        // Start order matters (stop is the reverse): the model first, so a missing model fails before anything
        // listens; then the embedded broker, the remote configuration, the connection, the serving loop, metrics.
        services.AddHostedService<ModelServingService>();
        if (adaptation) services.AddHostedService(sp => sp.GetRequiredService<AdaptationService>());
        if (adaptation) services.AddHostedService(sp => sp.GetRequiredService<AdaptationScheduler>());
        var mqtt = configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        if (mqtt.Mode == BrokerMode.Embedded)
        {
            services.AddSingleton<EmbeddedBroker>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
        services.AddHostedService(sp => sp.GetRequiredService<RuntimeConfigService>());
        services.AddSingleton<MqttConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());
        services.AddHostedService<InferenceWorker>();
        services.AddHostedService<MetricsPublisher>();
        return services;
    }

    /// <summary>Configuration section of the inference host's options.</summary>
    public const string InferenceSection = "Inference";

    private static void AddValidatedOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new AnnotatedOptionsValidator<TOptions>(section));
    }

    /// <summary>The inference host's own validator, with its messages prefixed by the configuration section.</summary>
    private sealed class PrefixedInferenceOptionsValidator : IValidateOptions<InferenceHostOptions>
    {
        public ValidateOptionsResult Validate(string? name, InferenceHostOptions options)
        {
            var result = new InferenceHostOptionsValidator().Validate(name, options);
            return result.Failed ? ValidateOptionsResult.Fail(result.Failures!.Select(f => $"{InferenceSection}:{f}")) : result;
        }
    }
}
