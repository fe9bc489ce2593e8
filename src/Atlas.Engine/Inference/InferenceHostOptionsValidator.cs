using System.Globalization;
using Microsoft.Extensions.Options;

namespace Atlas.Engine.Inference;

/// <summary>
/// Checks every <see cref="InferenceHostOptions"/> setting and reports all bad ones in one result, each with its
/// property path and value, so a misconfigured device is fixed in one round trip.
/// </summary>
public sealed class InferenceHostOptionsValidator : IValidateOptions<InferenceHostOptions>
{
    /// <summary>Provider names the host understands.</summary>
    public static IReadOnlyList<string> KnownProviders { get; } = ["cpu", "cuda", "tensorrt", "dml", "openvino"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InferenceHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ExecutionProviders.Count; i++)
        {
            var provider = options.ExecutionProviders[i]?.Trim() ?? "";
            if (!KnownProviders.Contains(provider, StringComparer.OrdinalIgnoreCase))
                errors.Add($"ExecutionProviders[{i}] is '{provider}'; expected one of {string.Join(", ", KnownProviders)}.");
            else if (!seen.Add(provider))
                errors.Add($"ExecutionProviders[{i}] repeats '{provider}'.");
        }
        if (options.IntraOpThreads < 0)
            errors.Add(Invariant($"IntraOpThreads is {options.IntraOpThreads}; expected 0 (automatic) or more."));
        if (options.InterOpThreads < 0)
            errors.Add(Invariant($"InterOpThreads is {options.InterOpThreads}; expected 0 (automatic) or more."));
        if (!Enum.IsDefined(options.GraphOptimizationLevel))
            errors.Add($"GraphOptimizationLevel is {(int)options.GraphOptimizationLevel}; expected disabled, basic, extended or all.");
        if (!Enum.IsDefined(options.WeightMode))
            errors.Add($"WeightMode is {(int)options.WeightMode}; expected baked or sharedInitializers.");
        if (options.MaxBatchSize is < 1 or > 4096)
            errors.Add(Invariant($"MaxBatchSize is {options.MaxBatchSize}; expected 1 to 4096."));
        if (options.MaxBatchDelay < TimeSpan.Zero || options.MaxBatchDelay > TimeSpan.FromSeconds(1))
            errors.Add(Invariant($"MaxBatchDelay is {options.MaxBatchDelay}; expected 0 to 1 s."));
        if (options.WarmupRuns is < 0 or > 1000)
            errors.Add(Invariant($"WarmupRuns is {options.WarmupRuns}; expected 0 to 1000."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every bad setting.</summary>
    internal static void ThrowIfInvalid(InferenceHostOptions options)
    {
        var result = new InferenceHostOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(InferenceHostOptions), result.Failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
