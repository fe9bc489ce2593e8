using Microsoft.Extensions.Options;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Runs <see cref="OptionsTreeValidator"/> on an options type at start (with <c>ValidateOnStart</c>), so one
/// failure lists every bad setting of the section with its path.
/// </summary>
internal sealed class AnnotatedOptionsValidator<TOptions>(string sectionPath) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = OptionsTreeValidator.Validate(options, sectionPath);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
