using BenchmarkDotNet.Running;

namespace Atlas.Benchmarks;

/// <summary>
/// Every benchmark in this assembly: list with <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- --list flat</c>,
/// run with <c>-- --filter '*Name*'</c>.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        // Load-tolerant paired timing of the graph executor (see Execution/ExecutorOverheadRatio.cs).
        if (args.Length > 0 && args[0] == "executor-overhead")
        {
            Execution.ExecutorOverheadRatio.Run(args[1..]);
            return;
        }
        if (args is ["composition-overhead", .. var compositionArgs])
        {
            Learning.CompositionOverheadRatio.Run(compositionArgs);
            return;
        }
        // Short program modes that print numbers directly (see each type's docs).
        if (args is ["inference-report", .. var rest])
        {
            Inference.InferenceReport.RunAsync(rest).GetAwaiter().GetResult();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
