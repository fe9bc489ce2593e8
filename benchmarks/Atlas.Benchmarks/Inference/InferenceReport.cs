using System.Diagnostics;
using System.Globalization;
using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atlas.Benchmarks.Inference;

/// <summary>
/// A short program mode that prints the inference host's numbers without BenchmarkDotNet's long runs:
/// <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- inference-report [speed|memory] [small-swaps] [large-swaps]</c>
/// (1,000 swaps each by default; <c>speed</c> or <c>memory</c> runs only that part).
/// Throughput alternates plain and host rounds so load from other processes hits both sides alike and reports
/// the median ratio; swap latency is the wall time of <c>PublishAsync</c>; memory is read after forced
/// collections at 1, 100 and <c>swaps</c> publishes.
/// </summary>
internal static class InferenceReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string[] args)
    {
        var memoryOnly = args is ["memory", ..];
        var speedOnly = args is ["speed", ..];
        if (memoryOnly || speedOnly) args = args[1..];
        var smallSwaps = args.Length > 0 ? int.Parse(args[0], Invariant) : 1000;
        var largeSwaps = args.Length > 1 ? int.Parse(args[1], Invariant) : 1000;
        var small = InferenceBenchmarkModels.SmallCnn();
        var large = InferenceBenchmarkModels.TenMillion();
        Console.WriteLine(string.Create(Invariant, $"small CNN: {InferenceBenchmarkModels.ParameterCount(small):N0} parameters; large: {InferenceBenchmarkModels.ParameterCount(large):N0} parameters; {Environment.ProcessorCount} CPUs; 1 ORT thread"));

        if (!memoryOnly) await SpeedAsync(small, large);
        if (speedOnly) return;

        Console.WriteLine("\n== Memory across swaps (baked weights, one inference after each swap; 'trimmed' = after malloc_trim) ==");
        await SwapMemoryAsync("small CNN", small, smallSwaps);
        PlainSessionMemory("small CNN", small, smallSwaps);
        await SwapMemoryAsync("10M model", large, largeSwaps);
        PlainSessionMemory("10M model", large, largeSwaps);
    }

    private static async Task SpeedAsync(OnnxModel small, OnnxModel large)
    {
        Console.WriteLine("\n== Throughput, host vs plain InferenceSession.Run (small CNN, samples per wall second and per CPU second, medians of 15 interleaved rounds) ==");
        foreach (var composed in new InferenceWeightMode?[] { null, InferenceWeightMode.Baked, InferenceWeightMode.SharedInitializers })
            foreach (var batch in new[] { 1, 32 })
                await ThroughputAsync(small, composed, batch);
        await ConcurrentCallersAsync(small, callers: 8, TimeSpan.FromMilliseconds(2));
        await ConcurrentCallersAsync(small, callers: 8, TimeSpan.Zero);

        Console.WriteLine("\n== Swap latency: PublishAsync with every weight overridden (validate + build + 2 warm-up runs + swap) ==");
        foreach (var mode in Enum.GetValues<InferenceWeightMode>())
        {
            await SwapLatencyAsync("small CNN", small, 30, mode);
            await SwapLatencyAsync("10M model", large, 10, mode);
        }
    }

    private static async Task ThroughputAsync(OnnxModel model, InferenceWeightMode? composed, int batch)
    {
        await using var setup = await InferenceBenchmarkSetup.CreateAsync(model, composed, batch);
        var round = TimeSpan.FromMilliseconds(250);
        Measure(setup.RunPlain, round, out _);
        Measure(setup.RunHost, round, out _);
        var plain = new List<double>();
        var host = new List<double>();
        var ratios = new List<double>();
        var cpuRatios = new List<double>();
        for (var r = 0; r < 15; r++)
        {
            var p = Measure(setup.RunPlain, round, out var pCpu);
            var h = Measure(setup.RunHost, round, out var hCpu);
            plain.Add(p * batch);
            host.Add(h * batch);
            ratios.Add(h / p);
            cpuRatios.Add(hCpu / pCpu);
        }
        Console.WriteLine(string.Create(Invariant,
            $"{(composed is null ? "base" : "composed, " + composed),-29} batch {batch,2}: plain {Median(plain),7:N0}/s  host {Median(host),7:N0}/s  host/plain wall {Median(ratios):P1} (rounds {ratios.Min():P0}..{ratios.Max():P0})  per CPU second {Median(cpuRatios):P1} (rounds {cpuRatios.Min():P0}..{cpuRatios.Max():P0})"));
    }

    /// <summary>Single-sample requests from several callers at once: micro-batched host against sequential plain runs.</summary>
    private static async Task ConcurrentCallersAsync(OnnxModel model, int callers, TimeSpan delay)
    {
        await using var setup = await InferenceBenchmarkSetup.CreateAsync(model, null, 1, configure: o => o.MaxBatchDelay = delay);
        var duration = TimeSpan.FromSeconds(2);
        var plain = Measure(setup.RunPlain, duration, out var plainPerCpu);
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var before = setup.Host.Metrics.BatchSizes;
        var sample = InferenceBenchmarkModels.Batch(1, 5);
        var completed = 0L;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                await setup.Host.InferAsync(sample, CancellationToken.None);
                Interlocked.Increment(ref completed);
            }
        })));
        var host = completed / Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        var hostPerCpu = completed / (process.TotalProcessorTime - cpuStart).TotalSeconds;
        var runs = setup.Host.Metrics.BatchSizes.Select(p => (Size: p.Key, Count: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Count > 0).ToArray();
        var meanBatch = runs.Sum(p => (double)p.Size * p.Count) / runs.Sum(p => p.Count);
        Console.WriteLine(string.Create(Invariant,
            $"{callers} callers, single samples, delay {delay.TotalMilliseconds} ms: plain batch-1 runs {plain,7:N0}/s  host {host,7:N0}/s  ×{host / plain:F2}  per CPU second ×{hostPerCpu / plainPerCpu:F2}  mean batch {meanBatch:F1}"));
    }

    /// <summary>
    /// Calls per wall-clock second; <paramref name="perCpuSecond"/> is calls per second of this process's CPU time,
    /// which other processes' load on a shared machine disturbs far less (one ORT thread runs on the caller).
    /// </summary>
    private static double Measure(Func<object> run, TimeSpan duration, out double perCpuSecond)
    {
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var calls = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            GC.KeepAlive(run());
            calls++;
        }
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        perCpuSecond = calls / Math.Max(1e-9, (process.TotalProcessorTime - cpuStart).TotalSeconds);
        return calls / wall;
    }

    private static async Task SwapLatencyAsync(string name, OnnxModel model, int publishes, InferenceWeightMode mode)
    {
        await using var host = CreateHost(mode);
        var specs = Enumerable.Range(0, 2).Select(i => ServedModelSpec.FromModel(model, $"v{i}", InferenceBenchmarkModels.Composition(model, i))).ToArray();
        await host.PublishAsync(specs[1], CancellationToken.None);
        var times = new List<double>();
        for (var i = 0; i < publishes; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await host.PublishAsync(specs[i % 2], CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(Invariant,
            $"{name,-10} {mode,-18}: median {Median(times),8:F1} ms  p90 {times[(int)(times.Count * 0.9)],8:F1} ms  min {times[0],8:F1} ms  ({publishes} publishes)"));
    }

    private static async Task SwapMemoryAsync(string name, OnnxModel model, int swaps)
    {
        var host = CreateHost(InferenceWeightMode.Baked);
        var specs = Enumerable.Range(0, 2).Select(i => ServedModelSpec.FromModel(model, $"v{i}", InferenceBenchmarkModels.Composition(model, i))).ToArray();
        var sample = InferenceBenchmarkModels.Batch(1, 9);
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= swaps; i++)
        {
            await host.PublishAsync(specs[i % 2], CancellationToken.None);
            await host.InferAsync(sample, CancellationToken.None);
            if (i is 1 or 100 || i == swaps) Report(name, i, host);
        }
        Console.WriteLine(string.Create(Invariant, $"{name,-10}: {swaps} swaps took {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        await host.DisposeAsync();
        Report(name + " (disposed)", swaps, host);
    }

    /// <summary>The baseline: ONNX Runtime alone, creating and disposing a session of the composed model as often.</summary>
    private static void PlainSessionMemory(string name, OnnxModel model, int count)
    {
        var bytes = model.ToBytes(InferenceBenchmarkModels.Composition(model, 1));
        var input = InferenceBenchmarkModels.Batch(1, 9);
        for (var i = 1; i <= count; i++)
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes, options);
            using var value = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(input, [1, 3, 32, 32]);
            using var outputs = session.Run(new Microsoft.ML.OnnxRuntime.RunOptions(), ["input"], [value], ["logits"]);
            if (i == count) Memory($"{name} plain ORT create/dispose", i, "");
        }
    }

    private static void Report(string name, int swaps, InferenceHost host) =>
        Memory(name, swaps, string.Create(Invariant, $"  live sessions {host.Metrics.LiveModels}  live buffers {host.Metrics.LiveBuffers}"));

    private static void Memory(string name, int swaps, string suffix)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var workingSet = process.WorkingSet64;
        var trimmed = workingSet;
        if (OperatingSystem.IsLinux())
        {
            _ = MallocTrim(0); // 1 when memory was returned to the system; either is fine here
            process.Refresh();
            trimmed = process.WorkingSet64;
        }
        Console.WriteLine(string.Create(Invariant,
            $"{name,-10} after {swaps,5} swaps: managed {GC.GetTotalMemory(false) / 1048576.0,7:F1} MiB (GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0,7:F1} MiB)  working set {workingSet / 1048576.0,7:F1} MiB  trimmed {trimmed / 1048576.0,7:F1} MiB{suffix}"));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static InferenceHost CreateHost(InferenceWeightMode mode) =>
        new(Options.Create(new InferenceHostOptions { IntraOpThreads = 1, InterOpThreads = 1, WeightMode = mode }), NullLogger<InferenceHost>.Instance);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
