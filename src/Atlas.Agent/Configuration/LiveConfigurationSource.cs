using Microsoft.Extensions.Configuration;

namespace Atlas.Agent.Configuration;

/// <summary>
/// The last, highest-priority configuration source: values the agent sets on itself while running (today the
/// default log level from the remote configuration). Setting a value raises the configuration's reload token, so
/// options monitors (such as the logging filter) pick it up at once.
/// </summary>
internal sealed class LiveConfigurationSource : IConfigurationSource
{
    public LiveConfigurationProvider Provider { get; } = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}
