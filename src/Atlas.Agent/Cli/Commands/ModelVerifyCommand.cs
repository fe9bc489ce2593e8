using System.CommandLine;
using System.Globalization;
using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas model verify &lt;model.onnx&gt; [--batch N] [--tolerance T] [--shape CxHxW]</c>: runs
/// <see cref="ModelVerifier"/> and prints the output differences, each gradient check and PASS or FAIL.
/// Exit codes: 0 PASS, 1 FAIL, 2 unusable input (file, shape, unsupported op).
/// </summary>
internal static class ModelVerifyCommand
{
    public static Command Create()
    {
        var path = new Argument<FileInfo>("model") { Description = "The ONNX model file." };
        var batch = new Option<int>("--batch") { Description = "Batch size for symbolic leading dimensions.", DefaultValueFactory = _ => 2 };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest output difference relative to max |ORT output| (fp32).", DefaultValueFactory = _ => 1e-4 };
        var shape = new Option<string?>("--shape") { Description = "Sizes after the batch for symbolic dimensions, e.g. 1x28x28." };
        var seed = new Option<int>("--seed") { Description = "Seed of inputs, output weights and checked elements.", DefaultValueFactory = _ => 0 };
        var command = new Command("verify", "Compare the TorchSharp executor with ONNX Runtime on random input, and its gradients with finite differences.")
        {
            path, batch, tolerance, shape, seed,
        };
        // Verification is synchronous tensor work (TorchSharp dispose scopes are per thread).
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, path, batch, tolerance, shape, seed, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parseResult, Argument<FileInfo> path, Option<int> batch, Option<double> tolerance,
        Option<string?> shape, Option<int> seed, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        long[]? dims = null;
        if (parseResult.GetValue(shape) is { } text && !TryParseShape(text, out dims))
        {
            error.WriteLine($"atlas: --shape '{text}' is not a list of positive sizes such as 1x28x28.");
            return CliOutput.UsageError;
        }
        try
        {
            var model = OnnxModel.Load(parseResult.GetRequiredValue(path).FullName);
            var options = new ModelVerifierOptions
            {
                Batch = parseResult.GetValue(batch),
                Tolerance = parseResult.GetValue(tolerance),
                Shape = dims,
                Seed = parseResult.GetValue(seed),
            };
            var report = ModelVerifier.Verify(model, options, cancellationToken);
            Print(parseResult.InvocationConfiguration.Output, report);
            return report.Passed ? 0 : CliOutput.CheckFailed;
        }
        catch (Exception e) when (e is OnnxFormatException or GraphExecutionException or ArgumentException)
        {
            error.WriteLine($"atlas: {e.Message}");
            return CliOutput.UsageError;
        }
    }

    private static void Print(TextWriter output, ModelVerificationReport r)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var (name, dims) in r.InputShapes) output.WriteLine($"input     {name} [{string.Join(",", dims)}]");
        output.WriteLine(string.Create(c,
            $"outputs   max abs diff {r.MaxAbsoluteDifference:E3}, max rel diff {r.MaxRelativeDifference:E3} (tolerance {r.Tolerance:E1}) {(r.OutputsPassed ? "ok" : "FAIL")}"));
        foreach (var g in r.Gradients)
        {
            output.WriteLine(string.Create(c,
                $"gradient  {g.Initializer}[{g.Index}]  autograd {g.Autograd,13:E5}  finite diff {g.FiniteDifference,13:E5}  error {g.Error:E2} {(g.Passed ? "ok" : "FAIL")}"));
        }
        output.WriteLine(string.Create(c,
            $"gradients {r.Gradients.Count} checked, {r.Gradients.Select(g => g.Initializer).Distinct().Count()} initializers, max error {r.MaxGradientError:E3} (tolerance {r.GradientTolerance:E1}) {(r.GradientsPassed ? "ok" : "FAIL")}"));
        output.WriteLine(r.Passed ? "PASS" : "FAIL");
    }

    private static bool TryParseShape(string text, out long[]? dims)
    {
        dims = null;
        var parts = text.Split('x', 'X', ',');
        var values = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1) return false;
        }
        dims = values;
        return true;
    }
}
