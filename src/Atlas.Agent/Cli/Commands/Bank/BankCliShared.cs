using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;

namespace Atlas.Agent.Cli.Commands.Bank;

/// <summary>Arguments, error handling and formatting shared by the <c>atlas bank</c> sub-commands.</summary>
internal static class BankCliShared
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Argument<string> DirectoryArgument() => new("dir") { Description = "The bank folder." };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON for tools instead of a table." };

    /// <summary>Runs <paramref name="body"/>, turning the engine's domain errors into a message on stderr and exit code 2.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is TaskVectorBankException or SafetensorsFormatException or OnnxFormatException or IOException or UnauthorizedAccessException)
        {
            return CliOutput.Fail(e.Message);
        }
    }

    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Format(CultureInfo.InvariantCulture, "{0:0.0} {1}", value, units[unit]);
    }

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Shape(long[] shape) => "[" + string.Join(",", shape) + "]";

    /// <summary>Writes rows as left-aligned columns separated by two spaces.</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) return;
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
    }
}
