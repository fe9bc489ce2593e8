using BenchmarkDotNet.Running;

namespace Atlas.Benchmarks;

/// <summary>
/// Every benchmark in this assembly: list with <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- --list flat</c>,
/// run with <c>-- --filter '*Name*'</c>. The first argument may instead name a short program mode that prints its
/// numbers directly (load-tolerant paired timings that suit a shared machine; see each type's docs).
/// </summary>
public static class BenchmarkProgram
{
    private static readonly Dictionary<string, Action<string[]>> ProgramModes = new(StringComparer.Ordinal)
    {
        ["executor-overhead"] = Execution.ExecutorOverheadRatio.Run,
        ["composition-overhead"] = Learning.CompositionOverheadRatio.Run,
        ["acceptance-study"] = Adaptation.AcceptanceStudy.Run,
        ["inference-report"] = rest => Inference.InferenceReport.RunAsync(rest).GetAwaiter().GetResult(),
    };

    public static void Main(string[] args)
    {
        if (args.Length > 0 && ProgramModes.TryGetValue(args[0], out var mode))
        {
            mode(args[1..]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
