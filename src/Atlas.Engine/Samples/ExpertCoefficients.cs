using Atlas.Engine.Bank;
using Atlas.Engine.Composition;

namespace Atlas.Engine.Samples;

/// <summary>
/// The coefficient files that turn the bank back into its experts: for expert k, coefficient 1 on task vector k and 0
/// on the others (global granularity), so <c>atlas compose --bank &lt;bank&gt; --coefficients experts/&lt;name&gt;.json</c>
/// writes base + τ_k, which <c>atlas eval</c> then measures.
/// </summary>
internal static class ExpertCoefficients
{
    public const string Folder = "experts";

    /// <summary>The one-hot set of <paramref name="name"/> on <paramref name="bank"/>.</summary>
    public static CoefficientSet For(TaskVectorBank bank, string name)
    {
        var names = bank.TaskVectorNames;
        if (!names.Contains(name, StringComparer.Ordinal))
            throw new TaskVectorBankException($"Bank '{bank.Directory}' has no task vector named '{name}' (it has: {string.Join(", ", names)}).");
        var values = names.Select(n => new[] { n == name ? 1f : 0f }).ToArray();
        return new CoefficientSet(bank.Hash, new Granularity(GranularityKind.Global), names, ["global"], values);
    }

    /// <summary>Writes <c>experts/&lt;name&gt;.json</c> for every task vector into the sample folder; returns the paths by name.</summary>
    public static IReadOnlyDictionary<string, string> WriteAll(string sampleDirectory, TaskVectorBank bank)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in bank.TaskVectorNames)
        {
            var path = Path.Combine(sampleDirectory, Folder, name + ".json");
            CoefficientFile.Write(path, For(bank, name));
            paths[name] = path;
        }
        return paths;
    }
}
