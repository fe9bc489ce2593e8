using System.Buffers.Binary;
using System.Diagnostics;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Tests.Safetensors;

/// <summary>
/// Corrupt inputs must end in <see cref="SafetensorsFormatException"/> (or, for a harmless change, a successful read);
/// any other exception type (IndexOutOfRange, NullReference, OutOfMemory, ...) fails the test. Seeded and time-bounded.
/// </summary>
public sealed class SafetensorsFuzzTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-stf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Opens the bytes and reads every floating-point tensor; returns the exception, or null when all of it worked.</summary>
    private Exception? OpenAndReadAll(byte[] bytes)
    {
        var path = Path.Combine(_folder, "fuzz.safetensors");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var file = SafetensorsFile.Open(path);
            foreach (var t in file.Tensors.Where(t => SafetensorsDTypes.IsFloatingPoint(t.DType)))
                _ = file.ReadFloat32(t.Name);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private void AssertDomainErrorOrSuccess(byte[] bytes, string what)
    {
        var error = OpenAndReadAll(bytes);
        if (error is not null && error is not SafetensorsFormatException)
            Assert.Fail($"{what}: {error.GetType().Name}: {error.Message}");
    }

    [Fact]
    public void TruncatedFile_AtEveryPrefixLength_ThrowsDomainException()
    {
        var valid = SafetensorsFixtures.SmallValidFile();
        for (int length = 0; length < valid.Length; length++)
        {
            var error = OpenAndReadAll(valid[..length]);
            Assert.True(error is SafetensorsFormatException, $"prefix {length}: {error?.GetType().Name ?? "no error"}: {error?.Message}");
            Assert.Contains("fuzz.safetensors", error!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RandomByteFlips_InLengthAndHeader_ThrowDomainExceptionOrReadCleanly()
    {
        var valid = SafetensorsFixtures.SmallValidFile();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var random = new Random(20261127);
        var clock = Stopwatch.StartNew();
        for (int iteration = 0; iteration < 3000 && clock.Elapsed < TimeSpan.FromSeconds(10); iteration++)
        {
            var bytes = (byte[])valid.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(headerEnd);
                bytes[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
            }
            AssertDomainErrorOrSuccess(bytes, $"iteration {iteration}");
        }
    }

    [Theory]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", "past the end")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,4]}}", "end before")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"u\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", "overlap")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "need 12")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "negative")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", "more elements")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}}", "64 bits")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", "not valid JSON")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "twice")]
    [InlineData("{\"t\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", "unsupported dtype")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2]}}", "data_offsets is missing")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", "expected [begin, end]")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", "not an array")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", "unknown field")]
    [InlineData("{\"t\":[1,2]}", "not an object")]
    [InlineData("{\"__metadata__\":{\"k\":3}}", "not a string")]
    [InlineData("[1,2,3]", "does not start with '{'")]
    public void LyingHeader_ThrowsDomainExceptionSayingWhatIsWrong(string header, string expected)
    {
        var bytes = SafetensorsFixtures.Assemble(header, SafetensorsFixtures.LittleEndianFloats(1, 2));
        var error = OpenAndReadAll(bytes);

        var domain = Assert.IsType<SafetensorsFormatException>(error);
        Assert.Contains(expected, domain.Message, StringComparison.Ordinal);
        Assert.Contains("fuzz.safetensors", domain.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ulong.MaxValue, "exceeds the limit")]
    [InlineData(200UL * 1024 * 1024, "exceeds the limit")]
    [InlineData(1000UL, "past the end")]
    public void HeaderLength_TooLargeOrPastEnd_ThrowsDomainException(ulong length, string expected)
    {
        var bytes = SafetensorsFixtures.SmallValidFile();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);

        var domain = Assert.IsType<SafetensorsFormatException>(OpenAndReadAll(bytes));
        Assert.Contains(expected, domain.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InHeader_ThrowsDomainException()
    {
        var bytes = SafetensorsFixtures.Assemble("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", SafetensorsFixtures.LittleEndianFloats(1, 2));
        bytes[10] = 0xFF; // inside the tensor name
        Assert.IsType<SafetensorsFormatException>(OpenAndReadAll(bytes));
    }
}
