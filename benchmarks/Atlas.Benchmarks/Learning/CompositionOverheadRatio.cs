using System.Diagnostics;
using System.Globalization;
using Atlas.Engine.Composition;
using Atlas.Engine.Execution;
using Atlas.Engine.Learning;
using Atlas.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Benchmarks.Learning;

/// <summary>
/// The cost of one aTLAS coefficient-learning step (compose θ0 + Σλτ with 8 task vectors, forward, backward to λ)
/// against one plain forward+backward of the base model with gradients to every weight, on the sample-sized CNN.
/// Interleaved pairs, median of per-pair ratios, process CPU time with one torch thread (load-tolerant). Run:
/// <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- composition-overhead [pairs] [batch] [taskVectors] [granularity]</c>
/// (default 20, 128, 8, block).
/// </summary>
internal static class CompositionOverheadRatio
{
    public static void Run(string[] args)
    {
        int pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        int batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 128;
        int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        var granularity = Granularity.Parse(args.Length > 3 ? args[3] : "block");
        torch.set_num_threads(1);

        var model = ModelZoo.SmallCnn(seed: 1);
        using var executor = new GraphExecutor(model);
        var forward = ExecutorForward.Create(executor);
        var frozen = model.Metadata[CnnBuilder.FrozenInitializersKey].Split(',');
        var learnable = model.Initializers.Where(i => i.IsFloatingPoint && !frozen.Contains(i.Name)).ToArray();
        var parameters = learnable.ToDictionary(i => i.Name, i => executor.GetInitializer(i.Name).detach().clone().requires_grad_(true));
        var generator = new Generator(7);
        var taskVectors = Enumerable.Range(0, count).Select(t => new TaskVector($"tv{t}",
            learnable.ToDictionary(i => i.Name, i => torch.randn(i.Shape, generator: generator) * 0.01f))).ToArray();
        var blocks = learnable.Select(i => new ComposableBlock(i.Name, i.Shape)).ToArray();
        using var composer = new TaskVectorComposer(CoefficientLayout.Create(granularity, blocks, LayerGrouping.FromGraph(model)),
            learnable.ToDictionary(i => i.Name, i => executor.GetInitializer(i.Name)), taskVectors);
        using var coefficients = composer.CreateCoefficients();
        var input = torch.rand([batch, 1, 28, 28], generator: new Generator(3));

        double Time(Action step)
        {
            var process = Process.GetCurrentProcess();
            var start = process.TotalProcessorTime;
            using (var scope = torch.NewDisposeScope()) step();
            process.Refresh();
            return (process.TotalProcessorTime - start).TotalMilliseconds;
        }

        void Plain()
        {
            forward(input, parameters).log_softmax(1).mean().backward();
            foreach (var p in parameters.Values) p.grad?.zero_();
        }

        void Coefficient()
        {
            forward(input, composer.Compose(coefficients)).log_softmax(1).mean().backward();
            coefficients.grad?.zero_();
        }

        for (int i = 0; i < 3; i++)
        {
            Time(Plain);
            Time(Coefficient);
        }
        var plain = new List<double>();
        var step = new List<double>();
        for (int i = 0; i < pairs; i++)
        {
            plain.Add(Time(Plain));
            step.Add(Time(Coefficient));
        }
        static double Median(IEnumerable<double> v) { var s = v.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2; }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SmallCnn ({learnable.Sum(i => i.ElementCount)} learnable weights), batch {batch}, {count} task vectors, {granularity} ({composer.CoefficientCount} coefficients), {pairs} interleaved runs, 1 torch thread, process CPU time"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  plain forward+backward (grad to every weight) median {Median(plain):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  coefficient step (compose+forward+backward)  median {Median(step):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  coefficient step / plain: median of per-run ratios {Median(step.Zip(plain, (a, b) => a / b)):F3} (target ≤ 1.25)"));
    }
}
