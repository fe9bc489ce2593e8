using BenchmarkDotNet.Running;

namespace Atlas.Benchmarks;

/// <summary>
/// Every benchmark in this assembly: list with <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- --list flat</c>,
/// run with <c>-- --filter '*Name*'</c>. The first argument may instead name a short program mode that prints its
/// numbers directly (load-tolerant paired timings that suit a shared machine; see each type's docs).
/// </summary>
public static class BenchmarkProgram
{
    private static readonly Dictionary<string, Func<string[], int>> ProgramModes = new(StringComparer.Ordinal)
    {
        ["executor-overhead"] = Done(Execution.ExecutorOverheadRatio.Run),
        ["composition-overhead"] = Done(Learning.CompositionOverheadRatio.Run),
        ["acceptance-study"] = Done(Adaptation.AcceptanceStudy.Run),
        ["inference-report"] = Done(rest => Inference.InferenceReport.RunAsync(rest).GetAwaiter().GetResult()),
        ["soak"] = Soak.SoakProgram.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length > 0 && ProgramModes.TryGetValue(args[0], out var mode)) return mode(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }

    private static Func<string[], int> Done(Action<string[]> mode) => rest =>
    {
        mode(rest);
        return 0;
    };
}
