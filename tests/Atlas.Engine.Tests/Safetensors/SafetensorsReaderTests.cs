using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Tests.Safetensors;

public sealed class SafetensorsReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-st-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteBytes(byte[] bytes, string name = "f.safetensors")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void HandWrittenFile_IsReadWithValuesShapesAndMetadata()
    {
        using var file = SafetensorsFile.Open(WriteBytes(SafetensorsFixtures.SmallValidFile()));

        Assert.Equal(["a", "b", "c"], file.Tensors.Select(t => t.Name));
        Assert.Equal("0.5", file.Metadata["scale"]);
        Assert.Equal(SafetensorsDType.F16, file.GetInfo("b").DType);
        Assert.Equal([1L, 2L], file.GetInfo("b").Shape);
        // Exact: every value is representable in its stored type.
        Assert.Equal([1.5f, -2f], file.ReadFloat32("a"));
        Assert.Equal([1f, -2f], file.ReadFloat32("b"));
        Assert.Equal([1.5f, -0.5f], file.ReadFloat32("c"));
    }

    [Fact]
    public void ReadTensor_GivesF32TorchTensorWithStoredShape()
    {
        Atlas.Engine.TorchRuntime.EnsureLoaded();
        using var file = SafetensorsFile.Open(WriteBytes(SafetensorsFixtures.SmallValidFile()));
        using var tensor = file.ReadTensor("b");

        Assert.Equal(TorchSharp.torch.ScalarType.Float32, tensor.dtype);
        Assert.Equal([1L, 2L], tensor.shape);
        Assert.Equal([1f, -2f], tensor.data<float>().ToArray());
    }

    [Fact]
    public void ReadFloat32_OfIntegerTensor_FailsNamingTensorAndDType()
    {
        var bytes = SafetensorsFixtures.Assemble("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        using var file = SafetensorsFile.Open(WriteBytes(bytes));

        var error = Assert.Throws<SafetensorsFormatException>(() => file.ReadFloat32("ids"));
        Assert.Contains("'ids'", error.Message, StringComparison.Ordinal);
        Assert.Contains("I64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTensor_FailsNamingFileAndTensor()
    {
        var path = WriteBytes(SafetensorsFixtures.SmallValidFile());
        using var file = SafetensorsFile.Open(path);

        var error = Assert.Throws<SafetensorsFormatException>(() => file.GetInfo("nope"));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyTensorAndScalar_AreAccepted()
    {
        var bytes = SafetensorsFixtures.Assemble(
            "{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}",
            SafetensorsFixtures.LittleEndianFloats(7f));
        using var file = SafetensorsFile.Open(WriteBytes(bytes));

        Assert.Empty(file.ReadFloat32("e"));
        Assert.Equal([7f], file.ReadFloat32("s"));
    }
}
