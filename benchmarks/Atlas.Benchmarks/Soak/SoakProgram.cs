using System.Globalization;
using Atlas.Agent.Tests.TestSupport;

namespace Atlas.Benchmarks.Soak;

/// <summary>
/// The <c>soak</c> program mode: <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- soak [options]</c>
/// (see <see cref="SoakArguments.Usage"/> and docs/operations.md). Prints the report table, writes
/// <c>soak.json</c>, <c>memory.csv</c> and <c>report.txt</c>, and exits 1 when a frame failed or went unaccounted,
/// an error occurred, or memory grew.
/// </summary>
internal static class SoakProgram
{
    public static int Run(string[] args)
    {
        SoakOptions options;
        try
        {
            options = SoakArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var report = SoakRunner.RunAsync(options, Console.WriteLine, cancellation.Token).GetAwaiter().GetResult();
        var folder = options.OutputFolder
            ?? Path.Combine(RepositoryPaths.Root(), "artifacts", "soak", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Console.WriteLine();
        Console.Write(SoakReportWriter.Table(report));
        Console.WriteLine($"written: {SoakReportWriter.Write(report, folder)}, memory.csv, report.txt");
        var healthy = report.FailedInferences == 0 && report.Unaccounted == 0 && report.Errors == 0 && !report.Memory.Verdict.Equals("growing", StringComparison.Ordinal);
        return healthy ? 0 : 1;
    }
}
