using System.Buffers.Binary;

namespace Atlas.Engine.Data;

/// <summary>
/// Turns parsed arrays into the data layer's representation: images as contiguous NCHW floats in [0, 1] (uint8 divided
/// by 255, float32 taken as is after a range check) and labels as non-negative <see cref="int"/> class indices.
/// </summary>
internal static class ArrayConverter
{
    public static (float[] Pixels, int Count, int Channels, int Height, int Width) ToImages(RawArray array)
    {
        var shape = array.Shape;
        var (count, channels, height, width) = shape.Length switch
        {
            3 => (shape[0], 1, shape[1], shape[2]),
            4 => (shape[0], shape[1], shape[2], shape[3]),
            _ => throw new DataFormatException(
                $"{array.Format} file '{array.Path}': images must have shape [N,H,W] or [N,C,H,W], found {array.ShapeText}."),
        };
        var pixels = array.ElementType switch
        {
            ElementType.UInt8 => FromBytes(array.Data),
            ElementType.Float32 => FromFloats(array),
            _ => throw new DataFormatException(
                $"{array.Format} file '{array.Path}': images must be uint8 or float32, found {array.ElementType}."),
        };
        return (pixels, count, channels, height, width);
    }

    public static int[] ToLabels(RawArray array)
    {
        if (array.Shape.Length != 1)
        {
            throw new DataFormatException($"{array.Format} file '{array.Path}': labels must have shape [N], found {array.ShapeText}.");
        }
        var data = array.Data;
        var labels = new int[array.Shape[0]];
        for (var i = 0; i < labels.Length; i++)
        {
            long value = array.ElementType switch
            {
                ElementType.UInt8 => data[i],
                ElementType.Int32 => array.BigEndian
                    ? BinaryPrimitives.ReadInt32BigEndian(data.Slice(i * 4, 4))
                    : BinaryPrimitives.ReadInt32LittleEndian(data.Slice(i * 4, 4)),
                ElementType.Int64 => array.BigEndian
                    ? BinaryPrimitives.ReadInt64BigEndian(data.Slice(i * 8, 8))
                    : BinaryPrimitives.ReadInt64LittleEndian(data.Slice(i * 8, 8)),
                _ => throw new DataFormatException(
                    $"{array.Format} file '{array.Path}': labels must be uint8, int32 or int64, found {array.ElementType}."),
            };
            if (value is < 0 or > int.MaxValue)
            {
                throw new DataFormatException($"{array.Format} file '{array.Path}': label {i} is {value}; labels must be class indices >= 0.");
            }
            labels[i] = (int)value;
        }
        return labels;
    }

    private static float[] FromBytes(ReadOnlySpan<byte> data)
    {
        var pixels = new float[data.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = data[i] / 255f;
        }
        return pixels;
    }

    private static float[] FromFloats(RawArray array)
    {
        var data = array.Data;
        var pixels = new float[data.Length / 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            var bits = array.BigEndian
                ? BinaryPrimitives.ReadInt32BigEndian(data.Slice(i * 4, 4))
                : BinaryPrimitives.ReadInt32LittleEndian(data.Slice(i * 4, 4));
            var value = BitConverter.Int32BitsToSingle(bits);
            if (!(value is >= 0f and <= 1f))
            {
                throw new DataFormatException(
                    $"{array.Format} file '{array.Path}': float32 image value {value} at element {i} is outside [0, 1]; scale the images to [0, 1] first.");
            }
            pixels[i] = value;
        }
        return pixels;
    }
}
