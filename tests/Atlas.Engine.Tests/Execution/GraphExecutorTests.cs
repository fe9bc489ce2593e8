using Atlas.Engine.Execution;
using Atlas.Engine.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Execution;

public sealed class GraphExecutorTests
{
    private static OnnxModel LinearModel(out float[] weight)
    {
        weight = HostTensor.Random(1, [3, 4]).Floats!;
        var b = new OnnxGraphBuilder("linear");
        var x = b.AddInput("x", OnnxElementType.Float, "batch", 4);
        var w = b.AddInitializer("fc.weight", weight, 3, 4);
        var c = b.AddInitializer("fc.bias", [0.1f, -0.2f, 0.3f], 3);
        var h = b.AddNode("Gemm", [x, w, c], [OnnxAttributes.Int("transB", 1)], name: "fc");
        var y = b.AddNode("Relu", [h], output: "y", name: "relu");
        b.AddOutput(y, OnnxElementType.Float, "batch", 3);
        return b.Build();
    }

    [Fact]
    public void UnknownOpType_FailsAtConstruction_NamingOpNodeOpsetAndSupportedOps()
    {
        var b = new OnnxGraphBuilder("g", opset: 18);
        var x = b.AddInput("x", OnnxElementType.Float, 2);
        var y = b.AddNode("FancyOp", [x], name: "my_node");
        b.AddOutput(y, OnnxElementType.Float, 2);

        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(b.Build()));
        Assert.Equal("FancyOp", error.OpType);
        Assert.Equal("my_node", error.NodeName);
        Assert.Equal(18, error.Opset);
        Assert.Contains("'my_node' (FancyOp, opset 18)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gemm", error.SupportedOpTypes);
        Assert.Contains("Supported op types: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Relu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAttribute_FailsAtConstruction_NamingTheAttribute()
    {
        var b = new OnnxGraphBuilder("g");
        var x = b.AddInput("x", OnnxElementType.Float, 2, 3);
        var y = b.AddNode("Flatten", [x], [OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("mystery", 2)], name: "flat");
        b.AddOutput(y, OnnxElementType.Float, 2, 3);

        var error = Assert.Throws<UnsupportedOperatorException>(() => new GraphExecutor(b.Build()));
        Assert.Contains("'mystery'", error.Detail, StringComparison.Ordinal);
        Assert.Contains("'flat' (Flatten", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycle_FailsAtConstruction_NamingTheNodes()
    {
        var b = new OnnxGraphBuilder("g");
        var x = b.AddInput("x", OnnxElementType.Float, 2);
        b.AddNode("Add", [x, "v2"], output: "v1", name: "first");
        b.AddNode("Relu", ["v1"], output: "v2", name: "second");
        b.AddOutput("v2", OnnxElementType.Float, 2);

        var error = Assert.Throws<GraphExecutionException>(() => new GraphExecutor(b.Build()));
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("'first'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'second'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingValue_FailsAtConstruction_NamingNodeAndValue()
    {
        var b = new OnnxGraphBuilder("g");
        var x = b.AddInput("x", OnnxElementType.Float, 2);
        var y = b.AddNode("Add", [x, "nowhere"], name: "adder");
        b.AddOutput(y, OnnxElementType.Float, 2);

        var error = Assert.Throws<GraphExecutionException>(() => new GraphExecutor(b.Build()));
        Assert.Contains("'adder'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShapeMismatchInKernel_IsWrappedWithNodeOpAndInputShapes()
    {
        var b = new OnnxGraphBuilder("g");
        var x = b.AddInput("x", OnnxElementType.Float, "n", 4);
        var w = b.AddInitializer("w", new float[10], 5, 2);
        var y = b.AddNode("MatMul", [x, w], name: "mm");
        b.AddOutput(y, OnnxElementType.Float, "n", 2);
        using var executor = new GraphExecutor(b.Build());
        using var scope = torch.NewDisposeScope();

        var error = Assert.Throws<GraphExecutionException>(() => executor.Run(new Dictionary<string, Tensor> { ["x"] = torch.ones(3, 4) }));
        Assert.Equal("mm", error.NodeName);
        Assert.Contains("'mm' (MatMul", error.Message, StringComparison.Ordinal);
        Assert.Contains("'x' Float32[3,4]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'w' Float32[5,2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongInputShapeOrName_FailsNamingTheInput()
    {
        using var executor = new GraphExecutor(LinearModel(out _));
        using var scope = torch.NewDisposeScope();

        var shape = Assert.Throws<GraphExecutionException>(() => executor.Run(new Dictionary<string, Tensor> { ["x"] = torch.ones(2, 5) }));
        Assert.Contains("'x' has shape [2,5]", shape.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<GraphExecutionException>(() => executor.Run(new Dictionary<string, Tensor>()));
        Assert.Contains("'x' [batch,4] was not given", missing.Message, StringComparison.Ordinal);
        var unknownOverride = Assert.Throws<GraphExecutionException>(() => executor.Run(
            new Dictionary<string, Tensor> { ["x"] = torch.ones(2, 4) }, new Dictionary<string, Tensor> { ["fc.weigth"] = torch.ones(3, 4) }));
        Assert.Contains("'fc.weigth'", unknownOverride.Message, StringComparison.Ordinal);
        var badOverride = Assert.Throws<GraphExecutionException>(() => executor.Run(
            new Dictionary<string, Tensor> { ["x"] = torch.ones(2, 4) }, new Dictionary<string, Tensor> { ["fc.weight"] = torch.ones(4, 3) }));
        Assert.Contains("'fc.weight' has shape [4,3], but the model declares [3,4]", badOverride.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_ComposedFromCoefficient_GradientReachesTheCoefficient()
    {
        // θ = θ0 + λ·τ as aTLAS composes it; dL/dλ = Σ dL/dθ ⊙ τ, checked against a central difference in λ.
        using var executor = new GraphExecutor(LinearModel(out _), new GraphExecutorOptions { FloatType = ScalarType.Float64 });
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(HostTensor.Random(2, [5, 4]).Floats!, [5, 4]).to(ScalarType.Float64);
        var tau = torch.tensor(HostTensor.Random(3, [3, 4]).Floats!, [3, 4]).to(ScalarType.Float64);
        var theta0 = executor.GetInitializer("fc.weight");

        double Loss(Tensor lambda)
        {
            var outputs = executor.Run(new Dictionary<string, Tensor> { ["x"] = x },
                new Dictionary<string, Tensor> { ["fc.weight"] = theta0 + (lambda * tau) });
            var loss = outputs["y"].pow(2).sum();
            if (lambda.requires_grad) loss.backward();
            return loss.item<double>();
        }

        var lambda = torch.tensor(0.3, ScalarType.Float64).requires_grad_(true);
        Loss(lambda);
        double analytic = lambda.grad!.item<double>();
        double h = 1e-6;
        double numeric;
        using (torch.no_grad())
            numeric = (Loss(torch.tensor(0.3 + h, ScalarType.Float64)) - Loss(torch.tensor(0.3 - h, ScalarType.Float64))) / (2 * h);

        Assert.True(Math.Abs(analytic) > 1e-3, "The test needs a non-trivial gradient.");
        Assert.True(Math.Abs(analytic - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"dL/dλ: autograd {analytic}, central difference {numeric}.");
        Assert.False(theta0.requires_grad);
    }

    [Fact]
    public void Run_DoesNotLeakTensorsAndLeavesInitializersIntact()
    {
        using var executor = new GraphExecutor(LinearModel(out var weight));
        using var input = torch.ones(7, 4);
        for (int i = 0; i < 3; i++)
        {
            using var scope = torch.NewDisposeScope();
            var y = executor.Run(new Dictionary<string, Tensor> { ["x"] = input })["y"];
            Assert.Equal([7L, 3L], y.shape);
        }
        using (var scope = torch.NewDisposeScope())
        {
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var outputs = executor.Run(new Dictionary<string, Tensor> { ["x"] = input });
            // Only the single output survives the run; intermediates and temporaries are gone.
            Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        Assert.Equal(weight, executor.GetInitializer("fc.weight").data<float>().ToArray());
    }

    [Fact]
    public void Run_AnyBatchSize_ReturnsMatchingBatch()
    {
        var model = LinearModel(out _);
        foreach (var n in new[] { 1, 5 })
        {
            var feeds = new Dictionary<string, HostTensor> { ["x"] = HostTensor.Random(n, [n, 4]) };
            ParityHarness.AssertMatchesOrt(model, feeds);
        }
    }

    [Fact]
    public void Construction_LogsThePreparedPlanOnce()
    {
        var logger = new CapturingLogger();
        using var executor = new GraphExecutor(Atlas.Engine.Models.ModelZoo.SmallCnn(), logger: logger);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(3100, entry.Id);
        Assert.Contains("7 fused GroupNorm chains", entry.Message, StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : Microsoft.Extensions.Logging.ILogger<GraphExecutor>
    {
        public List<(int Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Entries.Add((eventId.Id, formatter(state, exception)));
    }
}
