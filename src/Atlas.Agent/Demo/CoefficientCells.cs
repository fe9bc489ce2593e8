using System.Text;

namespace Atlas.Agent.Demo;

/// <summary>
/// Draws the coefficient matrix compactly: one row per task vector, one two-character cell per block, shaded by |λ|
/// relative to the largest (<c>·· ░░ ▒▒ ▓▓ ██</c>). On a terminal the sign is the colour (red +, blue −); in plain text
/// it is the cell's first character (<c>+▓</c>, <c>-░</c>). A header names the layers the blocks belong to.
/// </summary>
internal static class CoefficientCells
{
    private const string Shades = "·░▒▓█";

    public static IReadOnlyList<string> Render(CoefficientGrid grid, bool ansi)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var width = Math.Min(14, grid.TaskVectors.Max(n => n.Length));
        var lines = new List<string> { new string(' ', width + 1) + Header(grid.Blocks) };
        var max = grid.MaxAbs;
        for (var row = 0; row < grid.TaskVectors.Count; row++)
        {
            var line = new StringBuilder();
            var name = grid.TaskVectors[row];
            line.Append((name.Length > width ? name[..width] : name).PadRight(width)).Append(' ');
            foreach (var value in grid.Values[row]) line.Append(Cell(value, max, ansi));
            lines.Add(line.ToString());
        }
        lines.Add($"{new string(' ', width + 1)}|λ| max {max:0.000}; {(ansi ? "red +, blue −" : "sign then shade")}; blocks: {string.Join(" ", grid.Blocks.Take(4))} …");
        return lines;
    }

    /// <summary>Layer names over their cells: the block name up to its last dot, truncated to the cells it spans.</summary>
    private static string Header(IReadOnlyList<string> blocks)
    {
        var header = new StringBuilder();
        var i = 0;
        while (i < blocks.Count)
        {
            var layer = Layer(blocks[i]);
            var j = i;
            while (j < blocks.Count && Layer(blocks[j]) == layer) j++;
            var span = 2 * (j - i);
            header.Append(Abbreviate(layer, span - 1).PadRight(span));
            i = j;
        }
        return header.ToString();
    }

    /// <summary>The name when it fits, else its first letter and trailing digits (<c>conv1</c> → <c>c1</c>), else cut.</summary>
    private static string Abbreviate(string name, int width)
    {
        if (name.Length <= width) return name;
        var digits = name.Length - name.TrimEnd("0123456789".ToCharArray()).Length;
        var shorter = name[0] + name[^digits..];
        return shorter.Length <= width ? shorter : name[..Math.Max(0, width)];
    }

    private static string Layer(string block) => block.LastIndexOf('.') is var dot and > 0 ? block[..dot] : block;

    private static string Cell(float value, float max, bool ansi)
    {
        var level = (int)Math.Round(Math.Min(1f, Math.Abs(value) / max) * (Shades.Length - 1));
        var shade = Shades[level];
        if (!ansi) return $"{(level == 0 ? ' ' : value > 0 ? '+' : '-')}{shade}";
        if (level == 0) return $"{shade}{shade}";
        var colour = value > 0 ? "31" : "34";
        return $"\u001b[{colour}m{shade}{shade}\u001b[0m";
    }
}
