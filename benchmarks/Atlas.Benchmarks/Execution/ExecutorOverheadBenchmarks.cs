using Atlas.Engine.Execution;
using Atlas.Engine.Models;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Benchmarks.Execution;

/// <summary>
/// Forward + backward of <c>ModelZoo.SmallCnn</c> (batch 64, 1×28×28) through the ONNX graph executor versus the
/// same network written directly in TorchSharp, with the same weights; gradients reach every parameter in both.
/// The target is an executor/direct ratio of at most 1.15. Run:
/// <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- --filter '*ExecutorOverhead*'</c>.
/// </summary>
public class ExecutorOverheadBenchmarks
{
    private GraphExecutor _executor = null!;
    private Dictionary<string, Tensor> _parameters = null!;
    private Dictionary<string, Tensor> _inputs = null!;
    private DirectSmallCnn _direct = null!;

    [Params(64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        var model = ModelZoo.SmallCnn(seed: 1);
        _executor = new GraphExecutor(model);
        var frozen = model.Metadata[CnnBuilder.FrozenInitializersKey].Split(',');
        _parameters = model.Initializers.Where(i => !frozen.Contains(i.Name)).ToDictionary(
            i => i.Name, i => _executor.GetInitializer(i.Name).detach().clone().requires_grad_(true).DetachFromDisposeScope());
        _direct = new DirectSmallCnn(_parameters, _executor.GetInitializer("preprocess.mean"), _executor.GetInitializer("preprocess.std"));
        var input = torch.rand([Batch, 1, 28, 28], generator: new Generator(3)).DetachFromDisposeScope();
        _inputs = new Dictionary<string, Tensor> { [CnnBuilder.InputName] = input };

        using var scope = torch.NewDisposeScope();
        var viaExecutor = _executor.Run(_inputs, _parameters)[CnnBuilder.OutputName];
        var direct = _direct.Forward(input);
        if (!viaExecutor.allclose(direct, rtol: 1e-4, atol: 1e-5))
            throw new InvalidOperationException("The executor and the direct TorchSharp network disagree; the comparison would be meaningless.");
    }

    [Benchmark(Baseline = true)]
    public float DirectTorchSharp()
    {
        using var scope = torch.NewDisposeScope();
        var loss = _direct.Forward(_inputs[CnnBuilder.InputName]).square().mean();
        loss.backward();
        return ZeroGradients(loss);
    }

    [Benchmark]
    public float GraphExecutor()
    {
        using var scope = torch.NewDisposeScope();
        var loss = _executor.Run(_inputs, _parameters)[CnnBuilder.OutputName].square().mean();
        loss.backward();
        return ZeroGradients(loss);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _executor.Dispose();
        foreach (var t in _parameters.Values) t.Dispose();
        foreach (var t in _inputs.Values) t.Dispose();
    }

    private float ZeroGradients(Tensor loss)
    {
        foreach (var p in _parameters.Values) p.grad?.zero_();
        return loss.item<float>();
    }
}
