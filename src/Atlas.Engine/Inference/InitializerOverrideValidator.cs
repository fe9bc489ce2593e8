using System.Globalization;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Inference;

/// <summary>
/// Checks composed weights against the base model before any session is built, because ONNX Runtime ignores an
/// override with an unknown name and fails only at the first run on a wrong shape. Every problem is collected
/// into one <see cref="InferenceException"/> naming the initializer with the expected and actual values.
/// </summary>
internal static class InitializerOverrideValidator
{
    /// <summary>Throws when any override does not fit <paramref name="model"/>.</summary>
    public static void Validate(OnnxModel model, IReadOnlyDictionary<string, float[]> overrides, string version)
    {
        var errors = new List<string>();
        foreach (var (name, values) in overrides)
        {
            if (!model.HasInitializer(name))
            {
                errors.Add($"'{name}' is not an initializer of the model (it has {model.Initializers.Count}: {Sample(model)})");
                continue;
            }
            var info = model.GetInitializerInfo(name);
            if (!info.IsFloatingPoint)
            {
                errors.Add($"'{name}' is {info.ElementType}, not a floating-point initializer, so it cannot take composed weights");
                continue;
            }
            if (values is null)
            {
                errors.Add($"'{name}' has no values (null)");
                continue;
            }
            if (values.Length != info.ElementCount)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' expects shape {info.ShapeText} ({info.ElementCount} values) but the override has {values.Length} values"));
                continue;
            }
            var bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' has a non-finite value {values[bad]} at index {bad} (shape {info.ShapeText})"));
        }
        if (errors.Count > 0)
            throw new InferenceException($"The composed weights of version '{version}' do not fit the model: {string.Join("; ", errors)}.");
    }

    private static string Sample(OnnxModel model)
    {
        var names = model.Initializers.Where(i => i.IsFloatingPoint).Take(5).Select(i => $"'{i.Name}' {i.ShapeText}");
        return string.Join(", ", names) + (model.Initializers.Count > 5 ? ", ..." : "");
    }
}
