using Atlas.Engine.Safetensors;
using TorchSharp;

namespace Atlas.Engine.Bank;

/// <summary>
/// Checks a bank thoroughly (<c>atlas bank verify</c>): everything <see cref="TaskVectorBank.Open"/> checks (base-model
/// hash, files, tensor names and shapes), then reads every task vector and checks that its values are finite and that
/// each block's L2 norm matches bank.json.
/// </summary>
public static class TaskVectorBankVerifier
{
    /// <summary>Relative tolerance between a recomputed block norm and the recorded one.</summary>
    public const double NormTolerance = 1e-5;

    /// <summary>Verifies the bank; never throws for a broken bank, it reports the problems instead.</summary>
    public static BankVerificationReport Verify(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        BankValidation validation;
        try
        {
            validation = BankValidator.Validate(full);
        }
        catch (TaskVectorBankException e)
        {
            return new BankVerificationReport(full, null, 0, [e.Message], []);
        }
        var problems = validation.Problems.ToList();
        foreach (var info in validation.TaskVectors)
            CheckValues(full, info, problems);
        return new BankVerificationReport(full, "sha256:" + BankManifestStore.CanonicalHash(validation.Manifest!),
            validation.Manifest!.TaskVectors.Count, problems, validation.Warnings)
        {
            BaseModelSha256 = validation.Manifest!.BaseModel.Sha256.ToLowerInvariant(),
        };
    }

    private static void CheckValues(string directory, TaskVectorInfo info, List<string> problems)
    {
        var label = $"task vector '{info.Name}' (file '{info.FileName}')";
        Dictionary<string, torch.Tensor> tensors;
        try
        {
            tensors = TaskVectorReader.ReadDense(directory, info);
        }
        catch (Exception e) when (e is SafetensorsFormatException or TaskVectorBankException)
        {
            problems.Add($"{label}: {e.Message}");
            return;
        }
        try
        {
            foreach (var block in info.Blocks)
            {
                using var scope = torch.NewDisposeScope();
                var values = tensors[block.Name].to(torch.ScalarType.Float64);
                double norm = values.norm().item<double>();
                if (!double.IsFinite(norm))
                    problems.Add($"{label}: block '{block.Name}' holds values that are not finite");
                else if (Math.Abs(norm - block.L2Norm) > NormTolerance * Math.Max(norm, block.L2Norm) + 1e-12)
                    problems.Add($"{label}: block '{block.Name}' has L2 norm {norm:R}, bank.json records {block.L2Norm:R}");
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }
}
