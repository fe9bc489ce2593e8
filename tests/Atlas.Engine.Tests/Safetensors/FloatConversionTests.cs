using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Tests.Safetensors;

public class FloatConversionTests
{
    [Fact]
    public void HalfToSingle_MatchesDotNetHalfForEveryBitPattern()
    {
        var bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        var converted = new uint[bits.Length];
        FloatConversion.HalfToSingle(bits, converted);
        for (int i = 0; i < bits.Length; i++)
        {
            float expected = (float)BitConverter.UInt16BitsToHalf(bits[i]);
            float actual = BitConverter.UInt32BitsToSingle(converted[i]);
            // Exact for numbers and infinities; NaN stays NaN with the same sign.
            if (float.IsNaN(expected)) Assert.True(float.IsNaN(actual) && float.IsNegative(actual) == float.IsNegative(expected), $"0x{i:X4}");
            else Assert.True(BitConverter.SingleToUInt32Bits(expected) == converted[i], $"0x{i:X4}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void BFloat16ToSingle_IsTheUpperHalfOfTheFloatBits()
    {
        var bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        var converted = new uint[bits.Length];
        FloatConversion.BFloat16ToSingle(bits, converted);
        for (int i = 0; i < bits.Length; i++) Assert.Equal((uint)i << 16, converted[i]);
    }
}
