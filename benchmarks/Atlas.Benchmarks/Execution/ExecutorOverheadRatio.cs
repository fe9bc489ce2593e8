using System.Diagnostics;
using System.Globalization;
using Atlas.Engine.Execution;
using Atlas.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Benchmarks.Execution;

/// <summary>
/// A load-tolerant companion to <see cref="ExecutorOverheadBenchmarks"/>: runs the direct TorchSharp network and the
/// executor alternately, pair by pair, and reports the median of the per-pair time ratios, which cancels slow drifts
/// in machine load that make separate means unreliable on a shared machine. Run:
/// <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- executor-overhead [pairs] [batch] [threads]</c>
/// (default 20, 64, 1; with one thread the times are process CPU time, otherwise wall time).
/// </summary>
internal static class ExecutorOverheadRatio
{
    public static void Run(string[] args)
    {
        int pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        int batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        // With one torch thread all work runs on the calling thread, so process CPU time measures it even when other
        // processes compete for the cores (wall time then mostly measures the competition).
        int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        torch.set_num_threads(threads);
        var model = ModelZoo.SmallCnn(seed: 1);
        using var executor = new GraphExecutor(model);
        using var unfused = new GraphExecutor(model, new GraphExecutorOptions { FuseKnownPatterns = false });
        var frozen = model.Metadata[CnnBuilder.FrozenInitializersKey].Split(',');
        var parameters = model.Initializers.Where(i => !frozen.Contains(i.Name)).ToDictionary(
            i => i.Name, i => executor.GetInitializer(i.Name).detach().clone().requires_grad_(true));
        var mean = executor.GetInitializer("preprocess.mean");
        var std = executor.GetInitializer("preprocess.std");
        var direct = new DirectSmallCnn(parameters, mean, std);
        var lowered = new DirectSmallCnn(parameters, mean, std, lowerGroupNorm: true);
        var input = torch.rand([batch, 1, 28, 28], generator: new Generator(3));
        var inputs = new Dictionary<string, Tensor> { [CnnBuilder.InputName] = input };

        double Time(Func<Tensor> forward)
        {
            var process = Process.GetCurrentProcess();
            var start = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            using (var scope = torch.NewDisposeScope())
            {
                forward().square().mean().backward();
            }
            foreach (var p in parameters.Values) p.grad?.zero_();
            process.Refresh();
            return threads == 1 ? (process.TotalProcessorTime - start).TotalMilliseconds : watch.Elapsed.TotalMilliseconds;
        }

        Tensor ViaExecutor() => executor.Run(inputs, parameters)[CnnBuilder.OutputName];
        Tensor ViaUnfused() => unfused.Run(inputs, parameters)[CnnBuilder.OutputName];
        for (int i = 0; i < 3; i++)
        {
            Time(() => direct.Forward(input));
            Time(ViaExecutor);
            Time(() => lowered.Forward(input));
            Time(ViaUnfused);
        }
        var d = new List<double>();
        var e = new List<double>();
        var l = new List<double>();
        var u = new List<double>();
        for (int i = 0; i < pairs; i++)
        {
            d.Add(Time(() => direct.Forward(input)));
            e.Add(Time(ViaExecutor));
            l.Add(Time(() => lowered.Forward(input)));
            u.Add(Time(ViaUnfused));
        }
        static double Median(IEnumerable<double> v) { var s = v.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2; }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SmallCnn forward+backward, batch {batch}, {pairs} interleaved runs, {torch.get_num_threads()} torch thread(s), {(threads == 1 ? "process CPU time" : "wall time")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  direct TorchSharp (group_norm)        median {Median(d):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  direct TorchSharp (export-lowered GN) median {Median(l):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  graph executor                        median {Median(e):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  graph executor, fusion off            median {Median(u):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  executor / direct: median of per-run ratios {Median(e.Zip(d, (a, b) => a / b)):F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  executor (fusion off) / direct: median of per-run ratios {Median(u.Zip(d, (a, b) => a / b)):F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  executor / lowered direct: median of per-run ratios {Median(e.Zip(l, (a, b) => a / b)):F3}"));
    }
}
