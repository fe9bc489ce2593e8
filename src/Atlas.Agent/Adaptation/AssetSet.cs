using System.Security.Cryptography;
using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Learning;
using Atlas.Engine.Onnx;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// One validated, loaded pair of what adaptation composes: the served base model (its bytes read once, hashed and
/// parsed in memory, so later damage to the file cannot reach serving) and the task-vector bank built on it (verified
/// in full, then composed in memory). Owns the composition; dispose it once no round uses it.
/// </summary>
internal sealed class AssetSet : IDisposable
{
    private AssetSet(string modelPath, string modelSha256, OnnxModel servedBase, BankComposition composition)
    {
        ModelPath = modelPath;
        ModelSha256 = modelSha256;
        ServedBase = servedBase;
        Composition = composition;
    }

    /// <summary>The served model's file.</summary>
    public string ModelPath { get; }

    /// <summary>Hex SHA-256 of the bytes <see cref="ServedBase"/> was parsed from.</summary>
    public string ModelSha256 { get; }

    /// <summary>The served base model, in memory (no file path: serving never re-reads the file).</summary>
    public OnnxModel ServedBase { get; }

    /// <summary>The bank, its base model's executor and the composer over the selected task vectors.</summary>
    public BankComposition Composition { get; }

    /// <summary>The bank's hash, which stored coefficient versions record.</summary>
    public string BankHash => Composition.Bank.Hash;

    /// <summary>The base version the agent reports for this model: <c>base-</c> and a prefix of its SHA-256.</summary>
    public string BaseVersion => "base-" + ModelSha256[..12];

    /// <summary>
    /// Reads and checks <paramref name="modelPath"/> and the bank in <paramref name="bankDirectory"/>: the model parses, the
    /// bank passes <see cref="TaskVectorBankVerifier"/> (manifest, base-model hash, every tensor's header, shape, finite values
    /// and recorded norm), the bank was built on exactly this model (SHA-256), and the composition opens.
    /// </summary>
    /// <exception cref="AssetValidationException">Any check failed; the message names every file and what is wrong.</exception>
    public static AssetSet Load(string modelPath, string bankDirectory, IEnumerable<string> exclude)
    {
        var problems = new List<string>();
        var (sha, model) = ReadModel(modelPath, problems);
        var bank = Path.GetFullPath(bankDirectory);
        var report = TaskVectorBankVerifier.Verify(bank);
        problems.AddRange(report.Problems.Select(p => $"bank '{bank}': {p}"));
        if (model is not null && report.BaseModelSha256 is { } expected && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase))
            problems.Add($"model '{modelPath}' has sha256 {sha}, but bank '{bank}' was built on base model sha256 {expected}; serve the bank's base model or point Adaptation:Bank at a bank built on the served model");
        if (problems.Count > 0) throw new AssetValidationException(problems);
        BankComposition composition;
        try
        {
            composition = BankComposition.Open(bank, Granularity.Block, exclude);
        }
        catch (Exception e) when (e is CompositionException or TaskVectorBankException)
        {
            throw new AssetValidationException([$"bank '{bank}': {e.Message}"]);
        }
        return new AssetSet(Path.GetFullPath(modelPath), sha, model!, composition);
    }

    /// <summary>Differences in the model's inputs and outputs that serving cannot follow without a restart (frame preprocessing, labels).</summary>
    public IReadOnlyList<string> ServingIncompatibilities(AssetSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var problems = new List<string>();
        Compare("input", ServedBase.Inputs, other.ServedBase.Inputs, other.ModelPath, problems);
        Compare("output", ServedBase.Outputs, other.ServedBase.Outputs, other.ModelPath, problems);
        return problems;
    }

    /// <summary>Whether <paramref name="other"/> holds the same model bytes and the same bank.</summary>
    public bool SameAs(AssetSet other) =>
        other is not null && string.Equals(ModelSha256, other.ModelSha256, StringComparison.Ordinal) && string.Equals(BankHash, other.BankHash, StringComparison.Ordinal);

    /// <inheritdoc />
    public void Dispose() => Composition.Dispose();

    private static (string Sha, OnnxModel? Model) ReadModel(string path, List<string> problems)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"model '{path}' cannot be read: {e.Message}");
            return ("", null);
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            var model = OnnxModel.FromBytes(bytes);
            // Weights stored beside the model (external data) are read from its folder when a session is built.
            return model.Proto.Graph.Initializer.Any(t => t.DataLocation == global::Onnx.TensorProto.Types.DataLocation.External)
                ? (sha, OnnxModel.FromProto(model.Proto, Path.GetDirectoryName(Path.GetFullPath(path))))
                : (sha, model);
        }
        catch (OnnxFormatException e)
        {
            problems.Add($"model '{path}' (sha256 {sha}) is not a valid ONNX model: {e.Message}");
            return (sha, null);
        }
    }

    private static void Compare(string kind, IReadOnlyList<OnnxTensorInfo> served, IReadOnlyList<OnnxTensorInfo> fresh, string path, List<string> problems)
    {
        var a = string.Join(", ", served.Select(t => $"{t.Name}{t.ShapeText}"));
        var b = string.Join(", ", fresh.Select(t => $"{t.Name}{t.ShapeText}"));
        if (!string.Equals(a, b, StringComparison.Ordinal))
            problems.Add($"model '{path}' has {kind}s {b}, the served model {a}; restart the agent to serve a model with other {kind}s");
    }
}
