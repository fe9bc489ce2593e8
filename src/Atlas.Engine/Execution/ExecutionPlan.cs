using Atlas.Engine.Onnx;

namespace Atlas.Engine.Execution;

/// <summary>
/// The order nodes run in and where their values live, worked out once per model: every value name gets a slot,
/// nodes are sorted topologically (Kahn's algorithm, keeping file order among ready nodes) and each step lists the
/// intermediate slots whose last consumer it is, so that <see cref="GraphExecutor"/> can release them at once.
/// </summary>
internal sealed class ExecutionPlan
{
    private ExecutionPlan(PlannedNode[] steps, Dictionary<string, int> slots, int[] inputSlots, int[] initializerSlots, int[] outputSlots)
    {
        Steps = steps;
        Slots = slots;
        InputSlots = inputSlots;
        InitializerSlots = initializerSlots;
        OutputSlots = outputSlots;
    }

    public IReadOnlyList<PlannedNode> Steps { get; }

    /// <summary>Slot index of every value name.</summary>
    public IReadOnlyDictionary<string, int> Slots { get; }

    /// <summary>Slots of the graph inputs, in <see cref="OnnxModel.Inputs"/> order.</summary>
    public int[] InputSlots { get; }

    /// <summary>Slots of the initializers, in <see cref="OnnxModel.Initializers"/> order.</summary>
    public int[] InitializerSlots { get; }

    /// <summary>Slots of the graph outputs, in <see cref="OnnxModel.Outputs"/> order.</summary>
    public int[] OutputSlots { get; }

    public int SlotCount => Slots.Count;

    public static ExecutionPlan Create(OnnxModel model, IReadOnlyList<NodeInfo> nodes)
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int SlotOf(string name)
        {
            if (!slots.TryGetValue(name, out var slot)) slots[name] = slot = slots.Count;
            return slot;
        }

        var available = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in model.Inputs) available.Add(v.Name);
        foreach (var v in model.Initializers) available.Add(v.Name);
        var producers = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var output in node.Outputs.Where(o => o.Length > 0))
            {
                if (available.Contains(output))
                    throw NodeError(node, $"output '{output}' has the name of a graph input or initializer");
                if (!producers.TryAdd(output, node))
                    throw NodeError(node, $"output '{output}' is also produced by node '{producers[output].Name}'");
            }
        }
        foreach (var node in nodes)
        {
            foreach (var input in node.Inputs.Where(i => i.Length > 0 && !available.Contains(i) && !producers.ContainsKey(i)))
                throw NodeError(node, $"input '{input}' is neither a graph input, an initializer nor any node's output");
        }
        foreach (var output in model.Outputs.Where(o => !available.Contains(o.Name) && !producers.ContainsKey(o.Name)))
            throw new GraphExecutionException($"Graph output '{output.Name}' is neither a graph input, an initializer nor any node's output.");

        var order = SortTopologically(nodes, available, producers);

        var inputSlots = model.Inputs.Select(v => SlotOf(v.Name)).ToArray();
        var initializerSlots = model.Initializers.Select(v => SlotOf(v.Name)).ToArray();
        var outputSlots = model.Outputs.Select(v => SlotOf(v.Name)).ToArray();
        var steps = order.Select(n => (Node: n, In: n.Inputs.Select(i => i.Length > 0 ? SlotOf(i) : -1).ToArray(),
            Out: n.Outputs.Select(o => o.Length > 0 ? SlotOf(o) : -1).ToArray())).ToArray();

        // Intermediates (node outputs that are not graph outputs) are released after their last consumer, or right
        // after their producer when nothing consumes them.
        var keep = new HashSet<int>(outputSlots);
        var lastUse = new Dictionary<int, int>();
        for (int s = 0; s < steps.Length; s++)
        {
            foreach (var slot in steps[s].Out.Where(o => o >= 0)) lastUse[slot] = s;
            foreach (var slot in steps[s].In.Where(i => i >= 0 && lastUse.ContainsKey(i))) lastUse[slot] = s;
        }
        var planned = steps.Select((step, s) => new PlannedNode(step.Node, step.In, step.Out,
            [.. lastUse.Where(kv => kv.Value == s && !keep.Contains(kv.Key)).Select(kv => kv.Key)])).ToArray();
        return new ExecutionPlan(planned, slots, inputSlots, initializerSlots, outputSlots);
    }

    private static List<NodeInfo> SortTopologically(IReadOnlyList<NodeInfo> nodes, HashSet<string> available, Dictionary<string, NodeInfo> producers)
    {
        var waiting = new Dictionary<NodeInfo, int>();
        var consumers = new Dictionary<string, List<NodeInfo>>(StringComparer.Ordinal);
        var ready = new PriorityQueue<NodeInfo, int>();
        var position = new Dictionary<NodeInfo, int>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            position[node] = i;
            var pending = node.Inputs.Where(n => n.Length > 0 && !available.Contains(n)).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var name in pending)
            {
                if (!consumers.TryGetValue(name, out var list)) consumers[name] = list = [];
                list.Add(node);
            }
            waiting[node] = pending.Length;
            if (pending.Length == 0) ready.Enqueue(node, i);
        }
        var order = new List<NodeInfo>(nodes.Count);
        while (ready.TryDequeue(out var node, out _))
        {
            order.Add(node);
            foreach (var output in node.Outputs.Where(o => o.Length > 0))
            {
                if (!consumers.TryGetValue(output, out var list)) continue;
                foreach (var consumer in list)
                {
                    if (--waiting[consumer] == 0) ready.Enqueue(consumer, position[consumer]);
                }
            }
        }
        if (order.Count < nodes.Count)
        {
            var stuck = nodes.Where(n => waiting[n] > 0).Select(n => $"'{n.Name}' ({n.OpType})");
            throw new GraphExecutionException($"The graph has a cycle; these nodes wait on each other: {string.Join(", ", stuck)}.");
        }
        return order;
    }

    private static GraphExecutionException NodeError(NodeInfo node, string detail) =>
        new($"Node '{node.Name}' ({node.OpType}): {detail}.") { NodeName = node.Name, OpType = node.OpType };
}

/// <summary>One step of an <see cref="ExecutionPlan"/>: the node, its input/output slots (-1 when omitted) and the slots to release after it.</summary>
internal sealed record PlannedNode(NodeInfo Node, int[] InputSlots, int[] OutputSlots, int[] ReleaseAfter)
{
    /// <summary>The node's kernel, resolved once when the executor is built.</summary>
    public IOpKernel Kernel { get; init; } = null!;
}
