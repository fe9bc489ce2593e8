using System.Globalization;
using Atlas.Engine.Execution.Fusion;
using Atlas.Engine.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution;

/// <summary>
/// Runs an ONNX graph on TorchSharp with autograd, so that gradients of a loss reach the graph inputs and any
/// initializer the caller replaces by a tensor of its own (this is how aTLAS composes θ₀ + Σλτ and learns λ).
/// </summary>
/// <remarks>
/// <para>Everything that does not depend on the inputs is done once, in the constructor: nodes are validated
/// (an unsupported op, attribute or output throws <see cref="UnsupportedOperatorException"/> listing what is
/// supported), sorted topologically, bound to their kernels, and initializers are converted to tensors on
/// <see cref="GraphExecutorOptions.Device"/>.</para>
/// <para>Ownership: the executor owns its initializer tensors (dispose the executor to free them). The tensors
/// returned by <see cref="Run"/> belong to the caller (they join the caller's dispose scope, if any). Intermediate
/// values are released as soon as their last consumer ran; autograd keeps whatever backward needs.</para>
/// <para>An executor is not thread-safe; TorchSharp dispose scopes are per thread, so call it synchronously.</para>
/// </remarks>
public sealed class GraphExecutor : IDisposable
{
    private readonly ExecutionPlan _plan;
    private readonly PlannedNode[] _steps;
    private readonly ExecutionEnvironment _environment;
    private readonly Dictionary<string, Tensor> _initializers;
    private readonly Tensor[] _initializerBySlot;
    private readonly OnnxTensorInfo[] _inputs;
    private readonly NodeInfo[] _nodes;
    private bool _disposed;

    /// <summary>Prepares <paramref name="model"/> for execution; throws before anything runs if it cannot be executed.</summary>
    /// <exception cref="UnsupportedOperatorException">A node uses an op type, attribute or output without a kernel.</exception>
    /// <exception cref="GraphExecutionException">The graph has a cycle, a missing value or a duplicate output.</exception>
    /// <param name="model">The model to run.</param>
    /// <param name="options">Device, float type, dropout seed and fusion; defaults when null.</param>
    /// <param name="logger">Receives one Debug event describing the prepared plan.</param>
    public GraphExecutor(OnnxModel model, GraphExecutorOptions? options = null, ILogger<GraphExecutor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new GraphExecutorOptions();
        options.Validate();
        TorchRuntime.EnsureLoaded();
        Model = model;
        Opset = model.Opset;
        _inputs = [.. model.Inputs];
        _nodes = [.. model.Proto.Graph.Node.Select(n => new NodeInfo(n, Opset))];
        var kernels = _nodes.ToDictionary(n => n, ResolveKernel);

        _environment = new ExecutionEnvironment(options);
        _initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var info in model.Initializers)
                _initializers[info.Name] = TensorProtoConverter.ToTensor(model.GetInitializerProto(info.Name), model.Directory, _environment);
            foreach (var node in _nodes)
            {
                foreach (var (name, proto) in node.TensorProtoAttributes)
                    node.SetConvertedTensor(name, TensorProtoConverter.ToTensor(proto, model.Directory, _environment));
            }
            var (planned, fusedKernels) = options.FuseKnownPatterns
                ? GroupNormFusion.Apply(_nodes, model.Outputs.Select(o => o.Name), Opset)
                : ([.. _nodes], []);
            foreach (var (node, kernel) in fusedKernels) kernels[node] = kernel;
            FusedNodeCount = fusedKernels.Count;
            _plan = ExecutionPlan.Create(model, planned);
        }
        catch
        {
            Dispose();
            throw;
        }
        _steps = [.. _plan.Steps.Select(s => s with { Kernel = kernels[s.Node] })];
        _initializerBySlot = [.. model.Initializers.Select(i => _initializers[i.Name])];
        GraphExecutorLog.Prepared(logger ?? (ILogger)NullLogger.Instance, model.Proto.Graph.Name, Opset, options.Device,
            _nodes.Length, _steps.Length, FusedNodeCount, _initializers.Count);
    }

    /// <summary>How many node chains were replaced by fused kernels (see docs/engine.md, "Fusions").</summary>
    internal int FusedNodeCount { get; }

    /// <summary>The model this executor runs.</summary>
    public OnnxModel Model { get; }

    /// <summary>The model's default-domain opset.</summary>
    public long Opset { get; }

    /// <summary>Names of the graph inputs a caller must feed.</summary>
    public IReadOnlyList<string> InputNames => [.. _inputs.Select(i => i.Name)];

    /// <summary>Names of the graph outputs <see cref="Run"/> returns.</summary>
    public IReadOnlyList<string> OutputNames => [.. Model.Outputs.Select(o => o.Name)];

    /// <summary>Every op type the executor can run.</summary>
    public static IReadOnlyList<string> SupportedOpTypes => KernelRegistry.SupportedOpTypes;

    /// <summary>
    /// The executor's own tensor for an initializer (θ₀ when composing). It stays owned by the executor: do not
    /// dispose or modify it in place.
    /// </summary>
    public Tensor GetInitializer(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _initializers.TryGetValue(name, out var t) ? t
            : throw new GraphExecutionException($"The model has no initializer named '{name}'.");
    }

    /// <summary>
    /// Evaluates the graph and returns its outputs by name.
    /// </summary>
    /// <param name="inputs">One tensor per graph input, by name, any batch size. Floating-point inputs are cast to
    /// the executor's float type and moved to its device (differentiably).</param>
    /// <param name="initializerOverrides">Tensors that replace initializers of the same name and shape for this run;
    /// gradients flow back to whatever produced them.</param>
    /// <param name="training">Training mode: Dropout draws masks when a seed is configured; BatchNormalization
    /// still uses its running statistics.</param>
    /// <exception cref="GraphExecutionException">A missing, unknown or mis-shaped input or override, or a node that
    /// failed (the message names the node, its op type and its input shapes).</exception>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyDictionary<string, Tensor>? initializerOverrides = null, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = torch.NewDisposeScope();
        var values = new Tensor?[_plan.SlotCount];
        BindInputs(inputs, values);
        BindInitializers(initializerOverrides, values);

        foreach (var step in _steps)
            RunStep(step, values, training);

        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var produced = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _plan.OutputSlots.Length; i++)
        {
            var value = values[_plan.OutputSlots[i]]!;
            // A graph output that is an input, an initializer or a repeated output is returned as its own alias.
            var result = IsNodeProduced(_plan.OutputSlots[i]) && produced.Add(value) ? value : value.alias();
            outputs[Model.Outputs[i].Name] = result.MoveToOuterDisposeScope();
        }
        return outputs;
    }

    /// <summary>Frees the initializer tensors and converted tensor attributes.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _initializers.Values) t.Dispose();
        foreach (var t in _nodes.SelectMany(n => n.OwnedTensors)) t.Dispose();
        _environment?.Dispose();
    }

    private bool IsNodeProduced(int slot) =>
        !_plan.InputSlots.Contains(slot) && !_plan.InitializerSlots.Contains(slot);

    private void RunStep(PlannedNode step, Tensor?[] values, bool training)
    {
        var node = step.Node;
        var args = new Tensor?[step.InputSlots.Length];
        for (int i = 0; i < args.Length; i++)
            args[i] = step.InputSlots[i] >= 0 ? values[step.InputSlots[i]] : null;
        using (var nodeScope = torch.NewDisposeScope())
        {
            Tensor[] results;
            try
            {
                results = step.Kernel.Run(new OpContext(node, args, training, _environment));
            }
            catch (Exception e) when (e is not GraphExecutionException)
            {
                throw new GraphExecutionException(
                    $"Node '{node.Name}' ({node.OpType}, opset {Opset}) failed on inputs {DescribeInputs(node, args)}: {e.Message}", e)
                { NodeName = node.Name, OpType = node.OpType };
            }
            for (int o = 0; o < step.OutputSlots.Length; o++)
            {
                if (step.OutputSlots[o] < 0) continue;
                if (o >= results.Length)
                    throw new GraphExecutionException($"Node '{node.Name}' ({node.OpType}): the kernel produced {results.Length} outputs, output {o} ('{node.Outputs[o]}') is missing.") { NodeName = node.Name, OpType = node.OpType };
                var result = results[o];
                if (Array.Exists(args, a => ReferenceEquals(a, result)) || Array.IndexOf(results, result) < o) result = result.alias();
                values[step.OutputSlots[o]] = result.MoveToOuterDisposeScope();
            }
        }
        foreach (var slot in step.ReleaseAfter)
        {
            values[slot]?.Dispose();
            values[slot] = null;
        }
    }

    private void BindInputs(IReadOnlyDictionary<string, Tensor> inputs, Tensor?[] values)
    {
        var unknown = inputs.Keys.Where(k => !_inputs.Any(i => i.Name == k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new GraphExecutionException(
                $"Unknown graph input(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the model's inputs are {string.Join(", ", _inputs.Select(i => $"'{i.Name}' {i.ShapeText}"))}.");
        }
        for (int i = 0; i < _inputs.Length; i++)
        {
            var info = _inputs[i];
            if (!inputs.TryGetValue(info.Name, out var tensor))
                throw new GraphExecutionException($"Graph input '{info.Name}' {info.ShapeText} was not given.");
            CheckShape("Graph input", info.Name, info.Shape, tensor, requireRank: info.Shape.Length > 0 || info.ElementType != OnnxElementType.Undefined);
            values[_plan.InputSlots[i]] = Conform(tensor);
        }
    }

    private void BindInitializers(IReadOnlyDictionary<string, Tensor>? overrides, Tensor?[] values)
    {
        if (overrides is not null)
        {
            var unknown = overrides.Keys.Where(k => !_initializers.ContainsKey(k)).ToArray();
            if (unknown.Length > 0)
                throw new GraphExecutionException($"Cannot override initializer(s) the model lacks: {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }
        for (int i = 0; i < _initializerBySlot.Length; i++)
        {
            var own = _initializerBySlot[i];
            var name = Model.Initializers[i].Name;
            if (overrides is not null && overrides.TryGetValue(name, out var replacement))
            {
                CheckShape("Override of initializer", name, own.shape, replacement, requireRank: true);
                values[_plan.InitializerSlots[i]] = Conform(replacement);
            }
            else
            {
                values[_plan.InitializerSlots[i]] = own;
            }
        }
    }

    /// <summary>Casts floating-point tensors to the executor's float type and integers to int64, on its device.</summary>
    private Tensor Conform(Tensor tensor)
    {
        var type = tensor.dtype;
        ScalarType target = torch.is_floating_point(tensor) ? _environment.FloatType
            : type == ScalarType.Bool ? ScalarType.Bool : ScalarType.Int64;
        if (type == target && tensor.device == _environment.Device) return tensor;
        return tensor.to(target, _environment.Device);
    }

    private static void CheckShape(string what, string name, long[] expected, Tensor actual, bool requireRank)
    {
        if (!requireRank) return;
        var shape = actual.shape;
        bool ok = shape.Length == expected.Length;
        for (int d = 0; ok && d < shape.Length; d++) ok = expected[d] < 0 || expected[d] == shape[d];
        if (!ok)
        {
            throw new GraphExecutionException(
                $"{what} '{name}' has shape {ShapeText(shape)}, but the model declares {ShapeText(expected)} (-1: any size).");
        }
    }

    private static string ShapeText(long[] shape) => "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string DescribeInputs(NodeInfo node, Tensor?[] args) =>
        "[" + string.Join(", ", args.Select((a, i) => a is null ? "(omitted)" : $"'{node.Inputs[i]}' {a.dtype}{ShapeText(a.shape)}")) + "]";

    private static IOpKernel ResolveKernel(NodeInfo node)
    {
        if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            throw node.Unsupported($"operator domain '{node.Domain}' (only the default ONNX domain is implemented)");
        var kernel = KernelRegistry.Find(node.OpType) ?? throw node.Unsupported($"op type '{node.OpType}' has no kernel");
        var unknown = node.AttributeNames.Where(a => !kernel.SupportedAttributes.Contains(a)).ToArray();
        if (unknown.Length > 0)
        {
            throw node.Unsupported(
                $"attribute(s) {string.Join(", ", unknown.Select(a => $"'{a}'"))} not implemented (implemented: {string.Join(", ", kernel.SupportedAttributes)})");
        }
        kernel.Validate(node);
        return kernel;
    }
}
