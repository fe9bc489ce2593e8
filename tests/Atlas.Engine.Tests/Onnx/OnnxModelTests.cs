using Atlas.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Atlas.Engine.Tests.Onnx;

public sealed class OnnxModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static OnnxModel BuildGemm(float[] weights, float[] bias)
    {
        var b = new OnnxGraphBuilder("gemm", opset: 17);
        var x = b.AddInput("x", OnnxElementType.Float, "batch", 2);
        var w = b.AddInitializer("fc.weight", weights, 3, 2);
        var c = b.AddInitializer("fc.bias", bias, 3);
        var y = b.AddNode("Gemm", [x, w, c], [OnnxAttributes.Int("transB", 1)], output: "logits");
        b.AddOutput(y, OnnxElementType.Float, "batch", 3);
        b.AddMetadata("atlas.mean", "0.5");
        return b.Build();
    }

    private static float[] RunOrt(string path, float[] input)
    {
        using var session = new InferenceSession(path);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(input, [1, 2]))]);
        return results[0].AsEnumerable<float>().ToArray();
    }

    [Fact]
    public void BuildSaveLoad_ListsInputsOutputsInitializersAndMetadata()
    {
        var path = Path.Combine(_folder, "m.onnx");
        BuildGemm([1, 2, 3, 4, 5, 6], [0.1f, 0.2f, 0.3f]).Save(path);
        var model = OnnxModel.Load(path);

        Assert.Equal(17, model.Opset);
        var input = Assert.Single(model.Inputs);
        Assert.Equal("x", input.Name);
        Assert.Equal([-1L, 2L], input.Shape);
        Assert.Equal("[batch,2]", input.ShapeText);
        Assert.Equal(["fc.weight", "fc.bias"], model.Initializers.Select(i => i.Name));
        Assert.Equal([3L, 2L], model.GetInitializerInfo("fc.weight").Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], model.ReadFloatInitializer("fc.weight"));
        Assert.Equal("0.5", model.Metadata["atlas.mean"]);
    }

    [Fact]
    public void Save_WithReplacedInitializer_ChangesOnnxRuntimeOutput()
    {
        var path = Path.Combine(_folder, "m.onnx");
        var replaced = Path.Combine(_folder, "r.onnx");
        var model = BuildGemm([1, 0, 0, 1, 1, 1], [0, 0, 0]);
        model.Save(path);
        model.Save(replaced, new Dictionary<string, float[]> { ["fc.bias"] = [10, 20, 30] });

        Assert.Equal([1f, 2f, 3f], RunOrt(path, [1, 2]));
        Assert.Equal([11f, 22f, 33f], RunOrt(replaced, [1, 2]));
        Assert.Equal([1f, 0, 0, 1, 1, 1], OnnxModel.Load(replaced).ReadFloatInitializer("fc.weight"));
    }

    [Fact]
    public void Save_WithUnknownReplacement_FailsNamingIt()
    {
        var model = BuildGemm([1, 0, 0, 1, 1, 1], [0, 0, 0]);
        var error = Assert.Throws<OnnxFormatException>(() =>
            model.Save(Path.Combine(_folder, "x.onnx"), new Dictionary<string, float[]> { ["nope"] = [1] }));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExternalData_ReadsValuesAndSaveInlinesThem()
    {
        var weights = new float[] { 1, 2, 3, 4, 5, 6 };
        var model = BuildGemm(weights, [0, 0, 0]);
        // Move fc.weight to an external file at offset 8 (after 8 padding bytes).
        var proto = model.Proto.Clone();
        var tensor = proto.Graph.Initializer.Single(t => t.Name == "fc.weight");
        var raw = tensor.RawData.ToByteArray();
        File.WriteAllBytes(Path.Combine(_folder, "weights.bin"), [.. new byte[8], .. raw]);
        tensor.RawData = Google.Protobuf.ByteString.Empty;
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "8" });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = raw.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var path = Path.Combine(_folder, "ext.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        var loaded = OnnxModel.Load(path);
        Assert.Equal(weights, loaded.ReadFloatInitializer("fc.weight"));

        var inlined = Path.Combine(_folder, "sub", "inline.onnx");
        loaded.Save(inlined);
        Assert.Equal(weights, OnnxModel.Load(inlined).ReadFloatInitializer("fc.weight"));
    }

    [Fact]
    public void Load_ExternalDataOutsideModelFolder_IsRefused()
    {
        var model = BuildGemm([1, 2, 3, 4, 5, 6], [0, 0, 0]);
        var proto = model.Proto.Clone();
        var tensor = proto.Graph.Initializer.Single(t => t.Name == "fc.weight");
        tensor.RawData = Google.Protobuf.ByteString.Empty;
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../etc/passwd" });
        var path = Path.Combine(_folder, "evil.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(path).ReadFloatInitializer("fc.weight"));
        Assert.Contains("outside the model's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptFile_FailsNamingTheFile()
    {
        var path = Path.Combine(_folder, "corrupt.onnx");
        File.WriteAllBytes(path, [0x08, 0xFF, 0xFF, 0xFF, 0x12, 0x99, 0x01]);
        var error = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFloats_Float16AndBFloat16_ConvertToFloat32()
    {
        var half = new TensorProto { Name = "h", DataType = (int)OnnxElementType.Float16 };
        half.Dims.Add(2);
        half.RawData = Google.Protobuf.ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes<Half>([(Half)1.5f, (Half)(-2f)]).ToArray());
        Assert.Equal([1.5f, -2f], OnnxTensorCodec.ReadFloats(half, null));

        var bf = new TensorProto { Name = "b", DataType = (int)OnnxElementType.BFloat16 };
        bf.Dims.Add(2);
        bf.Int32Data.Add(OnnxTensorCodec.ToBFloat16(3f));
        bf.Int32Data.Add(OnnxTensorCodec.ToBFloat16(-0.5f));
        Assert.Equal([3f, -0.5f], OnnxTensorCodec.ReadFloats(bf, null));
    }
}
