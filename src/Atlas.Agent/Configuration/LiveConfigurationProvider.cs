using Microsoft.Extensions.Configuration;

namespace Atlas.Agent.Configuration;

/// <summary>The provider behind <see cref="LiveConfigurationSource"/>.</summary>
internal sealed class LiveConfigurationProvider : ConfigurationProvider
{
    public void SetValue(string key, string? value)
    {
        if (TryGet(key, out var existing) && existing == value) return;
        Data[key] = value;
        OnReload();
    }
}
