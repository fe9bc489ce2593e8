namespace Atlas.Engine.Composition;

/// <summary>
/// Which coefficient scales which part of which block, for a granularity and a list of composable blocks.
/// Deterministic: the same blocks and granularity always give the same groups in the same order, so coefficient
/// files stay comparable across runs and machines.
/// </summary>
public sealed class CoefficientLayout
{
    private CoefficientLayout(Granularity granularity, IReadOnlyList<ComposableBlock> blocks, IReadOnlyList<CoefficientGroup> groups)
    {
        Granularity = granularity;
        Blocks = blocks;
        Groups = groups;
    }

    /// <summary>The granularity this layout was made for.</summary>
    public Granularity Granularity { get; }

    /// <summary>The composable blocks, in base-model initializer order.</summary>
    public IReadOnlyList<ComposableBlock> Blocks { get; }

    /// <summary>The coefficient groups; coefficient j of each task vector scales <c>Groups[j]</c>.</summary>
    public IReadOnlyList<CoefficientGroup> Groups { get; }

    /// <summary>Builds the layout.</summary>
    /// <param name="granularity">How finely to split.</param>
    /// <param name="blocks">Composable blocks in a fixed order (base-model initializer order).</param>
    /// <param name="layerOf">For <see cref="GranularityKind.Layer"/>: the layer key of each block (see <see cref="LayerGrouping"/>).</param>
    public static CoefficientLayout Create(Granularity granularity, IReadOnlyList<ComposableBlock> blocks, Func<string, string>? layerOf = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
            throw new CompositionException("There are no composable blocks: no task vector changes any floating-point initializer of the model.");
        var duplicate = blocks.GroupBy(b => b.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CompositionException($"Block '{duplicate.Key}' is listed twice.");

        var groups = new List<CoefficientGroup>();
        switch (granularity.Kind)
        {
            case GranularityKind.Global:
                groups.Add(new CoefficientGroup("global", blocks.Select(Whole).ToArray()));
                break;
            case GranularityKind.Layer:
                if (layerOf is null) throw new CompositionException("Layer granularity needs the model graph to group blocks into layers.");
                foreach (var layer in blocks.GroupBy(b => layerOf(b.Name), StringComparer.Ordinal))
                    groups.Add(new CoefficientGroup("layer:" + layer.Key, layer.Select(Whole).ToArray()));
                break;
            default:
                foreach (var block in blocks)
                    groups.AddRange(Partition(block, granularity.Partitions));
                break;
        }
        return new CoefficientLayout(granularity, blocks, groups);
    }

    private static BlockSlice Whole(ComposableBlock block) => new(block.Name, 0, block.Rows);

    /// <summary>
    /// Splits a block into at most K contiguous row chunks of near-equal size (a block with fewer rows than K gets
    /// one chunk per row). With K = 1 the group is named after the block itself.
    /// </summary>
    private static IEnumerable<CoefficientGroup> Partition(ComposableBlock block, int k)
    {
        long rows = block.Rows;
        long chunks = Math.Min(k, rows);
        if (chunks <= 1)
        {
            yield return new CoefficientGroup(block.Name, [Whole(block)]);
            yield break;
        }
        for (long c = 0; c < chunks; c++)
        {
            long start = rows * c / chunks;
            long end = rows * (c + 1) / chunks;
            yield return new CoefficientGroup($"{block.Name}#{c}", [new BlockSlice(block.Name, start, end)]);
        }
    }
}
