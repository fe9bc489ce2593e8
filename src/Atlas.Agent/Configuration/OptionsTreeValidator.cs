using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Validates an options object and every nested options object below it with their data annotations, and returns
/// every failure with its full configuration path (e.g. <c>Atlas:Mqtt:Port: must be between 1 and 65535 (was 0)</c>).
/// Used both at start (through <see cref="AnnotatedOptionsValidator{TOptions}"/>) and for the remote
/// <c>config/desired</c> documents, so both speak the same error language.
/// </summary>
internal static class OptionsTreeValidator
{
    /// <param name="instance">The options object.</param>
    /// <param name="path">Path of <paramref name="instance"/> itself (a configuration section, or <c>$</c>).</param>
    /// <param name="jsonPaths">Write paths as JSON paths with camelCase names (<c>$.adaptation.everyFrames</c>) instead of configuration keys.</param>
    public static IReadOnlyList<string> Validate(object instance, string path, bool jsonPaths = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var errors = new List<string>();
        Walk(instance, path, errors, jsonPaths, depth: 0);
        return errors;
    }

    private static string Join(string path, string member, bool jsonPaths) =>
        member.Length == 0 ? path
        : jsonPaths ? $"{path}.{RuntimeConfigDocument.JsonName(member.Replace(':', '.'))}"
        : path.Length == 0 ? member : $"{path}:{member}";

    private static void Walk(object instance, string path, List<string> errors, bool jsonPaths, int depth)
    {
        if (depth > 8) return;
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead) continue;
            var value = property.GetValue(instance);
            var propertyPath = Join(path, property.Name, jsonPaths);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                var context = new ValidationContext(instance) { MemberName = property.Name, DisplayName = property.Name };
                var result = attribute.GetValidationResult(value, context);
                if (result != ValidationResult.Success)
                    errors.Add($"{propertyPath}: {Describe(result?.ErrorMessage, value, property.IsDefined(typeof(SecretAttribute)))}");
            }
            if (value is not null && IsNestedOptions(property.PropertyType))
                Walk(value, propertyPath, errors, jsonPaths, depth + 1);
        }
        if (instance is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(instance)))
            {
                var members = result.MemberNames.Any() ? result.MemberNames : [""];
                foreach (var member in members)
                {
                    var memberPath = Join(path, member, jsonPaths);
                    errors.Add($"{memberPath}: {result.ErrorMessage}");
                }
            }
        }
    }

    /// <summary>The error with the offending value, except for a <see cref="SecretAttribute"/> setting, whose value is never shown.</summary>
    private static string Describe(string? message, object? value, bool secret) =>
        $"{message ?? "is invalid"} (was {(secret ? "a secret, not shown" : value is null ? "null" : value is string s ? $"'{s}'" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))})";

    private static bool IsNestedOptions(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) &&
        type.Namespace?.StartsWith("Atlas", StringComparison.Ordinal) == true;
}
