using Atlas.Engine.Onnx;
using Onnx;

namespace Atlas.Engine.Training;

/// <summary>
/// Decides which initializers full fine-tuning learns: every floating-point initializer except the constants a graph
/// carries that are not parameters of the network. Two kinds are recognised from the graph's structure, so the rule
/// holds for exported models as well as for Atlas-built ones:
/// <list type="bullet">
/// <item>in-graph preprocessing: the initializers of the chain of elementwise ops (Sub, Div, Mul, Add, Cast, Identity,
/// Clip) that starts at a graph input, e.g. <c>(x − mean) / std</c> ahead of the first convolution;</item>
/// <item>the unit scale and zero bias of the InstanceNormalization that GroupNorm lowers to (Reshape →
/// InstanceNormalization → Reshape → Mul(γ) → Add(β)); γ and β themselves are learned.</item>
/// </list>
/// Initializers a model lists in its metadata key <c>atlas.frozen_initializers</c> (comma-separated, as
/// <see cref="Models.CnnBuilder"/> writes) are kept fixed too. Integer initializers (shapes, axes) are never learned.
/// </summary>
public static class LearnableInitializers
{
    private static readonly HashSet<string> PreprocessingOps = new(StringComparer.Ordinal)
    {
        "Sub", "Div", "Mul", "Add", "Cast", "Identity", "Clip",
    };

    /// <summary>The names of the initializers to learn, in file order.</summary>
    /// <param name="model">The model to fine-tune.</param>
    /// <param name="frozen">Further names to keep fixed; each must be an initializer of the model.</param>
    /// <exception cref="TrainingException">A frozen name is not an initializer of the model.</exception>
    public static IReadOnlyList<string> Select(OnnxModel model, IEnumerable<string>? frozen = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var fixedNames = Constants(model);
        foreach (var name in frozen ?? [])
        {
            if (!model.HasInitializer(name))
                throw new TrainingException($"Cannot freeze '{name}': model '{model.FilePath ?? "(in memory)"}' has no initializer of that name.");
            fixedNames.Add(name);
        }
        return [.. model.Initializers.Where(i => i.IsFloatingPoint && !fixedNames.Contains(i.Name)).Select(i => i.Name)];
    }

    /// <summary>Float initializers that are constants of the graph rather than parameters (see the class remarks).</summary>
    public static ISet<string> Constants(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var nodes = model.Proto.Graph.Node;
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                list.Add(node);
            }
        }
        var constants = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new Queue<string>(model.Inputs.Select(i => i.Name));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (frontier.TryDequeue(out var value))
        {
            if (!seen.Add(value) || !consumers.TryGetValue(value, out var users)) continue;
            foreach (var node in users.Where(n => PreprocessingOps.Contains(n.OpType)))
            {
                var others = node.Input.Where(i => i.Length > 0 && i != value).ToArray();
                if (!others.All(model.HasInitializer)) continue; // mixes two activations: not preprocessing
                foreach (var name in others) constants.Add(name);
                foreach (var output in node.Output) frontier.Enqueue(output);
            }
        }
        foreach (var node in nodes.Where(n => n.OpType == "InstanceNormalization" && n.Output.Count > 0))
        {
            bool feedsReshape = consumers.TryGetValue(node.Output[0], out var next) && next.All(n => n.OpType == "Reshape");
            if (!feedsReshape) continue;
            foreach (var name in node.Input.Skip(1).Where(model.HasInitializer)) constants.Add(name);
        }
        if (model.Metadata.TryGetValue(Models.CnnBuilder.FrozenInitializersKey, out var listed))
        {
            foreach (var name in listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (model.HasInitializer(name)) constants.Add(name);
        }
        constants.RemoveWhere(name => !model.GetInitializerInfo(name).IsFloatingPoint);
        return constants;
    }
}
