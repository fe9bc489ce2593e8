using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Tests.Safetensors;

public sealed class SafetensorsWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-stw-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly float[] ZWeight = [1, 2, 3, 4];

    [Fact]
    public void WrittenFile_FollowsTheSpecUnderAnIndependentParse()
    {
        var path = Path.Combine(_folder, "w.safetensors");
        float[] aBias = [0.5f, -1, 2];
        float[] mBias = [1.5f];
        SafetensorsWriter.Write(path,
        [
            new SafetensorsTensor("z.weight", SafetensorsDType.F32, [2, 2], ZWeight),
            new SafetensorsTensor("a.bias", SafetensorsDType.F16, [3], aBias),
            new SafetensorsTensor("m.bias", SafetensorsDType.BF16, [1], mBias),
        ], new Dictionary<string, string> { ["scale"] = "2" });

        // Minimal parse straight from the specification, sharing no code with the reader.
        var bytes = File.ReadAllBytes(path);
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        var headerText = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Equal(headerText.TrimEnd(' '), headerText.TrimEnd(' ').Trim());
        using var header = JsonDocument.Parse(headerText);
        var names = header.RootElement.EnumerateObject().Select(p => p.Name).Where(k => k != "__metadata__").ToArray();
        Assert.Equal(["a.bias", "m.bias", "z.weight"], names);
        Assert.Equal("2", header.RootElement.GetProperty("__metadata__").GetProperty("scale").GetString());
        var data = bytes.AsSpan(8 + (int)n).ToArray();

        var a = header.RootElement.GetProperty("a.bias");
        Assert.Equal("F16", a.GetProperty("dtype").GetString());
        int aBegin = a.GetProperty("data_offsets")[0].GetInt32();
        Assert.Equal(0, aBegin);
        Assert.Equal(6, a.GetProperty("data_offsets")[1].GetInt32());
        Assert.Equal(0x3800, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(0)));   // 0.5 in binary16
        Assert.Equal(0xBC00, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2)));   // -1
        Assert.Equal(0x4000, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(4)));   // 2

        var m = header.RootElement.GetProperty("m.bias");
        Assert.Equal("BF16", m.GetProperty("dtype").GetString());
        Assert.Equal(0x3FC0, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(m.GetProperty("data_offsets")[0].GetInt32())));

        var z = header.RootElement.GetProperty("z.weight");
        Assert.Equal([2, 2], z.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        int zBegin = z.GetProperty("data_offsets")[0].GetInt32();
        Assert.Equal(data.Length, z.GetProperty("data_offsets")[1].GetInt32());
        Assert.Equal([1f, 2, 3, 4], Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(zBegin + 4 * i))));
    }

    [Theory]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    public void RoundTrip_ReproducesValuesWithinStorageRounding(SafetensorsDType dtype)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() * 2 - 1) * 10).ToArray();
        var path = Path.Combine(_folder, "r.safetensors");
        SafetensorsWriter.Write(path, [new SafetensorsTensor("t", dtype, [10, 100], values)]);

        using var file = SafetensorsFile.Open(path);
        var read = file.ReadFloat32("t");
        // Relative rounding of round-to-nearest: 2^-24 (f32, i.e. exact here), 2^-11 (f16), 2^-8 (bf16).
        double tolerance = dtype switch { SafetensorsDType.F32 => 0, SafetensorsDType.F16 => Math.Pow(2, -11), _ => Math.Pow(2, -8) };
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(read[i] - values[i]) <= tolerance * Math.Abs(values[i]), $"element {i}: {read[i]} vs {values[i]}");
    }

    [Fact]
    public void Write_LeavesNoTemporaryFiles_AndReplacesExistingFile()
    {
        var path = Path.Combine(_folder, "x.safetensors");
        SafetensorsWriter.Write(path, [new SafetensorsTensor("t", SafetensorsDType.F32, [1], new float[] { 1 })]);
        SafetensorsWriter.Write(path, [new SafetensorsTensor("t", SafetensorsDType.F32, [1], new float[] { 2 })]);

        Assert.Equal(["x.safetensors"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([2f], file.ReadFloat32("t"));
    }

    [Fact]
    public void Write_WithWrongValueCount_FailsNamingTensor()
    {
        var error = Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(Path.Combine(_folder, "y.safetensors"),
            [new SafetensorsTensor("fc.weight", SafetensorsDType.F32, [2, 2], new float[] { 1 })]));
        Assert.Contains("fc.weight", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
