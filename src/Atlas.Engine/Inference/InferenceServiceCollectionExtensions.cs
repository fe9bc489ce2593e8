using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atlas.Engine.Inference;

/// <summary>Registers the inference host in a service collection (the agent's entry point to it).</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="InferenceHost"/> as a singleton with its options validated at start, so a bad setting stops
    /// the agent at start-up with every problem listed. Bind configuration to
    /// <see cref="InferenceHostOptions"/> (section <see cref="InferenceHostOptions.SectionName"/>) separately, or pass
    /// <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddInferenceHost(this IServiceCollection services, Action<InferenceHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<InferenceHostOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceHostOptions>, InferenceHostOptionsValidator>());
        services.TryAddSingleton<InferenceHost>();
        return services;
    }
}
