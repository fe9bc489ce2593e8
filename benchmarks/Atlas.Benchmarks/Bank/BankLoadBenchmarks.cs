using System.Diagnostics;
using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Atlas.Benchmarks.Bank;

/// <summary>
/// Load time and resident memory of a bank of 8 task vectors over a ~10.2M-parameter base model (four 1600×1600 Gemm
/// weights and their biases), stored as f16 or f32. Each benchmark opens the bank (which hashes the base model and
/// validates every header) and loads every task vector as dense f32 tensors. Memory is measured once per storage type
/// in the global setup and printed as a "BANK-MEMORY" line: process working set, GC heap and the native remainder
/// (run one storage type per process for clean numbers, see <see cref="StorageTypes"/>).
/// Run: <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- --filter '*BankLoad*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class BankLoadBenchmarks
{
    /// <summary>
    /// In process: BenchmarkDotNet's generated out-of-process project does not get the libtorch native fix-up
    /// (build/TorchSharpNativeFix.targets) in its custom output folder, so libtorch fails to load there.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(8));
    }

    private const int Width = 1600;
    private const int Layers = 4;
    private const int TaskVectors = 8;
    private string _folder = "";

    /// <summary>
    /// Storage types to run: both by default; set ATLAS_BANK_BENCH_STORAGE=F16 or F32 to run one per process, which
    /// gives the memory probe a clean process (in-process runs share one).
    /// </summary>
    public static IEnumerable<SafetensorsDType> StorageTypes() =>
        Environment.GetEnvironmentVariable("ATLAS_BANK_BENCH_STORAGE") is { Length: > 0 } one
            ? [Enum.Parse<SafetensorsDType>(one, ignoreCase: true)]
            : [SafetensorsDType.F16, SafetensorsDType.F32];

    [ParamsSource(nameof(StorageTypes))]
    public SafetensorsDType Storage { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Atlas.Engine.TorchRuntime.EnsureLoaded();
        _folder = Directory.CreateTempSubdirectory("atlas-bankbench-").FullName;
        BuildBank(_folder, Storage);
        MeasureMemory();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public long OpenAndLoadAll()
    {
        var bank = TaskVectorBank.Open(Path.Combine(_folder, "bank"));
        using var set = bank.LoadTaskVectors();
        return set.Blocks.Count;
    }

    /// <summary>Builds the base model and a bank of 8 task vectors (every Gemm weight and bias changed).</summary>
    internal static void BuildBank(string folder, SafetensorsDType storage)
    {
        var random = new Random(42);
        float[] Values(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var b = new OnnxGraphBuilder("bench", opset: 17);
        var x = b.AddInput("x", OnnxElementType.Float, "batch", Width);
        var shapes = new Dictionary<string, long[]>();
        for (int l = 0; l < Layers; l++)
        {
            var w = b.AddInitializer($"fc{l}.weight", Values(Width * Width, 0.05), Width, Width);
            var c = b.AddInitializer($"fc{l}.bias", Values(Width, 0.05), Width);
            shapes[w] = [Width, Width];
            shapes[c] = [Width];
            x = b.AddNode("Gemm", [x, w, c], [OnnxAttributes.Int("transB", 1)], name: $"fc{l}");
            if (l < Layers - 1) x = b.AddNode("Relu", [x], name: $"relu{l}");
        }
        b.AddOutput(x, OnnxElementType.Float, "batch", Width);
        var basePath = Path.Combine(folder, "base.onnx");
        b.Build().Save(basePath);
        var editor = TaskVectorBankEditor.Create(Path.Combine(folder, "bank"), basePath);
        for (int t = 0; t < TaskVectors; t++)
        {
            var deltaPath = Path.Combine(folder, $"delta{t}.safetensors");
            SafetensorsWriter.Write(deltaPath, shapes.Select(s =>
                new SafetensorsTensor(s.Key, SafetensorsDType.F32, s.Value, Values((int)s.Value.Aggregate(1L, (p, d) => p * d), 0.01))));
            editor.Add(new AddTaskVectorRequest { Name = $"task{t}", Source = TaskVectorSourceKind.Delta, SourcePath = deltaPath, StorageType = storage });
            File.Delete(deltaPath);
        }
    }

    private void MeasureMemory()
    {
        using var process = Process.GetCurrentProcess();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        process.Refresh();
        long workingBefore = process.WorkingSet64;
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var bank = TaskVectorBank.Open(Path.Combine(_folder, "bank"));
        using var set = bank.LoadTaskVectors();
        clock.Stop();
        process.Refresh();
        long workingDelta = process.WorkingSet64 - workingBefore;
        long tensorBytes = set.TaskVectors.Sum(t => t.Tensors.Values.Sum(v => v.numel() * sizeof(float)));
        long heapDelta = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        long parameters = set.Blocks.Sum(b => b.ElementCount);
        long disk = bank.TaskVectors.Sum(t => t.BytesOnDisk);
        Console.WriteLine(
            $"BANK-MEMORY storage={Storage} task_vectors={set.TaskVectors.Count} params_per_tv={parameters} " +
            $"disk_MiB={disk / 1048576.0:F1} f32_tensors_MiB={tensorBytes / 1048576.0:F1} " +
            $"working_set_delta_MiB={workingDelta / 1048576.0:F1} gc_heap_delta_MiB={heapDelta / 1048576.0:F1} " +
            $"native_MiB={(workingDelta - heapDelta) / 1048576.0:F1} peak_working_set_MiB={process.PeakWorkingSet64 / 1048576.0:F1} " +
            $"first_load_ms={clock.ElapsedMilliseconds}");
    }
}
