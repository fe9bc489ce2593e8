using Atlas.Agent.Commands;
using Atlas.Agent.Configuration;
using Atlas.Agent.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Adaptation;

/// <summary>Registers adaptation: always the frame hand-off, and the real service only when a bank is configured or the sample bank exists.</summary>
internal static class AdaptationRegistration
{
    /// <summary>The shipped sample bank, used when <c>Adaptation:Bank</c> is unset and this folder exists.</summary>
    public const string SampleBank = "samples/fashion-camera/bank";

    /// <summary>Adds the options and services; returns whether the real service is registered (and must be started).</summary>
    public static bool Add(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AdaptationOptions.Section);
        var configured = section.Get<AdaptationOptions>() ?? new AdaptationOptions();
        var bank = configured.Bank ?? (Directory.Exists(SampleBank) ? Path.GetFullPath(SampleBank) : null);
        services.AddOptions<AdaptationOptions>().Bind(section).PostConfigure(o => o.Bank ??= bank).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdaptationOptions>>(new AnnotatedOptionsValidator<AdaptationOptions>(AdaptationOptions.Section));
        services.AddSingleton<ServingSignals>();
        services.AddSingleton<AdaptationFrames>();
        services.AddSingleton<ICommandHandler, ReloadCommand>();
        if (string.IsNullOrWhiteSpace(bank)) return false;
        services.AddSingleton<AdaptationEvents>();
        services.AddSingleton<AdaptationAssets>();
        services.AddSingleton<ObjectiveQuarantine>();
        services.AddSingleton<AdaptationService>();
        services.AddSingleton<AdaptationScheduler>();
        services.AddSingleton<IAdaptationService>(sp => sp.GetRequiredService<AdaptationService>());
        return true;
    }
}
