using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Atlas.Engine.Plugins;

namespace Atlas.Agent.Plugins;

/// <summary>
/// Keeps an objective that failed in a round (threw, returned a non-finite or invalid loss, or overran the step time limit)
/// disabled for the rest of the agent's life with that plugin registry: later rounds are refused at once, naming the
/// objective and the first failure, instead of failing again mid-round. <c>reload-plugins</c> builds a new registry,
/// which starts with nothing disabled (the operator has replaced or fixed the plugin).
/// </summary>
internal sealed class ObjectiveQuarantine
{
    private readonly ConditionalWeakTable<ObjectiveRegistry, ConcurrentDictionary<string, PluginException>> _failed = [];

    /// <summary>Creates the guarded objective <paramref name="name"/>, remembering it as disabled if it fails.</summary>
    /// <exception cref="PluginException">Kind <see cref="PluginErrorKind.Disabled"/>: it failed earlier with this registry.</exception>
    public GuardedObjective Create(ObjectiveRegistry registry, string name)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var failed = _failed.GetOrCreateValue(registry);
        if (failed.TryGetValue(name, out var earlier))
        {
            throw new PluginException(PluginErrorKind.Disabled,
                $"Objective '{name}' is disabled: it failed in an earlier round ({earlier.Kind}: {earlier.Message}). Fix or replace the plugin and send 'reload-plugins'.",
                name, earlier);
        }
        var objective = registry.Create(name);
        objective.Failed += (_, e) => failed.TryAdd(name, e.Error);
        return objective;
    }
}
