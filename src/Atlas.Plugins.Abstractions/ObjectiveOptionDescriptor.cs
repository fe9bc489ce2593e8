namespace Atlas.Plugins;

/// <summary>
/// Describes one option an objective accepts, so that <c>atlas plugins list</c> and the documentation can show every
/// option with its default without configuring the objective.
/// </summary>
/// <param name="Name">The JSON property name (camelCase), e.g. <c>temperature</c>.</param>
/// <param name="Type">The JSON type: <c>number</c>, <c>integer</c>, <c>boolean</c> or <c>string</c>.</param>
/// <param name="DefaultValue">The default, formatted as it would appear in JSON (invariant culture).</param>
/// <param name="Description">What the option changes and its valid range.</param>
public sealed record ObjectiveOptionDescriptor(string Name, string Type, string DefaultValue, string Description);
