namespace Atlas.Engine.Experiments;

/// <summary>One table of results: rows (methods) by columns (conditions or settings), each a mean ± std over seeds.</summary>
/// <param name="Title">Heading.</param>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Rows in display order.</param>
/// <param name="Notes">What the table measures and how.</param>
public sealed record ResultTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<ResultRow> Rows, string Notes);

/// <summary>A row: per-column accuracies (fractions), one value per seed.</summary>
public sealed record ResultRow(string Method, IReadOnlyList<IReadOnlyList<double>> Values)
{
    /// <summary>Mean over seeds of column <paramref name="column"/>.</summary>
    public double Mean(int column) => Values[column].Count == 0 ? double.NaN : Values[column].Average();

    /// <summary>Sample standard deviation over seeds (0 for one seed).</summary>
    public double StandardDeviation(int column)
    {
        var v = Values[column];
        if (v.Count < 2) return 0;
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
    }
}

/// <summary>Everything the experiments measured.</summary>
public sealed record ExperimentReport(
    IReadOnlyList<ResultTable> Tables,
    IReadOnlyList<string> HeldOut,
    ExperimentOptions Options,
    TimeSpan Elapsed);
