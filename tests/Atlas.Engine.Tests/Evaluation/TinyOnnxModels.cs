using Google.Protobuf;
using Onnx;

namespace Atlas.Engine.Tests.Evaluation;

/// <summary>
/// Hand-built ONNX classifiers for evaluation tests: Flatten → Gemm(W, b) with known weights, so the expected
/// predictions follow from the pixels by arithmetic a reader can check.
/// </summary>
internal static class TinyOnnxModels
{
    /// <summary>
    /// A linear classifier over [N, channels, height, width] images: logits = flatten(x) · Wᵀ + b with W of shape
    /// [classes, channels·height·width] (row-major). <paramref name="batch"/> null makes the batch dimension dynamic.
    /// </summary>
    public static byte[] Linear(float[] weights, float[] bias, int channels, int height, int width, int? batch = null)
    {
        var features = channels * height * width;
        var classes = bias.Length;
        if (weights.Length != classes * features)
        {
            throw new ArgumentException($"W needs {classes}×{features} values, got {weights.Length}.", nameof(weights));
        }
        var batchDim = batch is { } b ? new TensorShapeProto.Types.Dimension { DimValue = b } : new TensorShapeProto.Types.Dimension { DimParam = "N" };
        var graph = new GraphProto { Name = "tiny-linear" };
        graph.Input.Add(FloatValue("images", batchDim, channels, height, width));
        graph.Output.Add(FloatValue("logits", batchDim.Clone(), classes));
        graph.Initializer.Add(FloatTensor("W", weights, classes, features));
        graph.Initializer.Add(FloatTensor("b", bias, classes));
        graph.Node.Add(new NodeProto { OpType = "Flatten", Name = "flatten", Input = { "images" }, Output = { "flat" } });
        var gemm = new NodeProto { OpType = "Gemm", Name = "fc", Input = { "flat", "W", "b" }, Output = { "logits" } };
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(gemm);
        var model = new ModelProto { IrVersion = 8, ProducerName = "atlas-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    /// <summary>W = scale · identity: the logits are the pixels times <paramref name="scale"/>, so the prediction is the brightest pixel.</summary>
    public static byte[] BrightestPixel(int channels, int height, int width, float scale, int? batch = null)
    {
        var n = channels * height * width;
        var weights = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            weights[(i * n) + i] = scale;
        }
        return Linear(weights, new float[n], channels, height, width, batch);
    }

    private static ValueInfoProto FloatValue(string name, TensorShapeProto.Types.Dimension first, params int[] rest)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(first);
        foreach (var d in rest)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }
}
