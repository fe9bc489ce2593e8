using Atlas.Agent.Adaptation.Status;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Web;

/// <summary>
/// Registers what operators look at besides the MQTT topics: the served coefficients (with their retained
/// <c>adaptation/coefficients</c> topic), rolling prediction quality, recent events, and the opt-in status page, whose
/// listener is added only when <c>Web:Enabled</c> is true.
/// </summary>
internal static class WebStatusRegistration
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CoefficientView>();
        services.AddSingleton<ICoefficientView>(sp => sp.GetRequiredService<CoefficientView>());
        services.AddSingleton<CoefficientPublisher>();
        services.AddSingleton<IMqttConnectionListener>(sp => sp.GetRequiredService<CoefficientPublisher>());
        services.AddSingleton<PredictionQualityWindow>();
        services.AddSingleton<RecentEvents>();

        var section = configuration.GetSection(WebStatusOptions.Section);
        services.AddOptions<WebStatusOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebStatusOptions>, WebStatusOptionsValidator>();
        if (!(section.Get<WebStatusOptions>()?.Enabled ?? false)) return;
        services.AddSingleton<WebStatusDocuments>();
        services.AddSingleton<WebStatusService>();
        services.AddHostedService(sp => sp.GetRequiredService<WebStatusService>());
    }
}
