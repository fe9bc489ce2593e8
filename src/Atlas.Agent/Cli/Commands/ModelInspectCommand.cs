using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Atlas.Engine.Onnx;

namespace Atlas.Agent.Cli.Commands;

/// <summary><c>atlas model inspect &lt;model.onnx&gt; [--json]</c>: prints a <see cref="ModelSummary"/>.</summary>
internal static class ModelInspectCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var path = new Argument<FileInfo>("model") { Description = "The ONNX model file." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON instead of text." };
        var command = new Command("inspect", "List a model's inputs, outputs, opset, metadata, op histogram and initializers.") { path, json };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var file = parseResult.GetRequiredValue(path);
            ModelSummary summary;
            try
            {
                summary = ModelSummary.From(OnnxModel.Load(file.FullName));
            }
            catch (OnnxFormatException e)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"atlas: {e.Message}");
                return CliOutput.UsageError;
            }
            if (parseResult.GetValue(json)) output.WriteLine(ToJson(summary).ToJsonString(Indented));
            else WriteText(output, summary);
            return 0;
        });
        return command;
    }

    private static void WriteText(TextWriter output, ModelSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"model:    {s.Path ?? "(in memory)"}");
        output.WriteLine(string.Create(c, $"opset:    {s.Opset} (IR {s.IrVersion}), producer {s.Producer}"));
        output.WriteLine("inputs:");
        foreach (var i in s.Inputs) output.WriteLine($"  {i.Name,-24} {i.ElementType,-8} {i.ShapeText}");
        output.WriteLine("outputs:");
        foreach (var o in s.Outputs) output.WriteLine($"  {o.Name,-24} {o.ElementType,-8} {o.ShapeText}");
        if (s.Metadata.Count > 0)
        {
            output.WriteLine("metadata:");
            foreach (var (key, value) in s.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) output.WriteLine($"  {key} = {value}");
        }
        output.WriteLine(string.Create(c, $"ops:      {s.NodeCount} nodes, {s.OpHistogram.Count} op types"));
        foreach (var (op, count) in s.OpHistogram) output.WriteLine(string.Create(c, $"  {op,-24} {count,6}"));
        output.WriteLine(string.Create(c, $"initializers: {s.Initializers.Count}"));
        foreach (var i in s.Initializers)
        {
            var shape = "[" + string.Join(",", i.Shape) + "]";
            output.WriteLine(string.Create(c, $"  {i.Name,-48} {i.ElementType,-8} {shape,-16} {i.ElementCount,10:N0}"));
        }
        output.WriteLine(string.Create(c, $"total parameters: {s.TotalParameters:N0} ({s.TotalParameters})"));
    }

    private static JsonObject ToJson(ModelSummary s)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in s.Metadata) metadata[key] = value;
        var ops = new JsonObject();
        foreach (var (op, count) in s.OpHistogram) ops[op] = count;
        return new JsonObject
        {
            ["path"] = s.Path,
            ["opset"] = s.Opset,
            ["irVersion"] = s.IrVersion,
            ["producer"] = s.Producer,
            ["inputs"] = new JsonArray([.. s.Inputs.Select(Value)]),
            ["outputs"] = new JsonArray([.. s.Outputs.Select(Value)]),
            ["metadata"] = metadata,
            ["nodeCount"] = s.NodeCount,
            ["opHistogram"] = ops,
            ["initializers"] = new JsonArray([.. s.Initializers.Select(i => (JsonNode)new JsonObject
            {
                ["name"] = i.Name,
                ["dtype"] = i.ElementType.ToString(),
                ["shape"] = new JsonArray([.. i.Shape.Select(d => (JsonNode)d)]),
                ["parameters"] = i.ElementCount,
                ["isParameter"] = i.IsParameter,
            })]),
            ["totalParameters"] = s.TotalParameters,
        };
    }

    /// <summary>A graph input or output; symbolic dimensions are written as their names, fixed ones as numbers.</summary>
    private static JsonNode Value(OnnxTensorInfo info) => new JsonObject
    {
        ["name"] = info.Name,
        ["dtype"] = info.ElementType.ToString(),
        ["shape"] = new JsonArray([.. info.Shape.Select((d, k) => d >= 0 ? (JsonNode)d : (JsonNode)(info.SymbolicDims[k] ?? "?"))]),
    };
}
