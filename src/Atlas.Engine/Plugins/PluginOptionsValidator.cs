using Microsoft.Extensions.Options;

namespace Atlas.Engine.Plugins;

/// <summary>Validates <see cref="PluginOptions"/> at start-up (register it and use <c>ValidateOnStart</c>).</summary>
public sealed class PluginOptionsValidator : IValidateOptions<PluginOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PluginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
