using System.CommandLine;
using System.Text.Json;
using Atlas.Engine.Bank;

namespace Atlas.Agent.Cli.Commands.Bank;

/// <summary><c>atlas bank verify &lt;dir&gt; [--json]</c>: exit 0 when valid, 1 when a problem was found.</summary>
internal static class BankVerifyCommand
{
    public static Command Create()
    {
        var directory = BankCliShared.DirectoryArgument();
        var json = BankCliShared.JsonOption();
        var command = new Command("verify", "Check the base model's hash, every file, tensor names and shapes against the base, and block norms.") { directory, json };
        command.SetAction(parse => BankCliShared.Run(() =>
        {
            var report = TaskVectorBankVerifier.Verify(parse.GetValue(directory)!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    directory = report.Directory, valid = report.IsValid, hash = report.Hash,
                    task_vectors = report.TaskVectorCount, problems = report.Problems, warnings = report.Warnings,
                }, BankCliShared.Json));
            }
            else
            {
                foreach (var warning in report.Warnings) output.WriteLine($"WARN {warning}");
                foreach (var problem in report.Problems) output.WriteLine($"FAIL {problem}");
                output.WriteLine(report.IsValid
                    ? $"OK bank '{report.Directory}': {report.TaskVectorCount} task vector(s), hash {report.Hash}"
                    : $"FAIL bank '{report.Directory}': {report.Problems.Count} problem(s)");
            }
            return report.IsValid ? 0 : CliOutput.CheckFailed;
        }));
        return command;
    }
}
