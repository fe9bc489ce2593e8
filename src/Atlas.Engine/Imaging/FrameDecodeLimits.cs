using System.ComponentModel.DataAnnotations;

namespace Atlas.Engine.Imaging;

/// <summary>
/// Limits checked before any pixel is decoded, so that a small crafted file cannot make the decoder allocate
/// gigabytes (a decompression bomb). The image header is read first (<c>Image.Identify</c>) and its declared
/// dimensions compared with these limits.
/// </summary>
public sealed class FrameDecodeLimits
{
    /// <summary>Largest accepted payload in bytes (compressed image or raw tensor). Default 4 MiB.</summary>
    [Range(1, 256 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest accepted image width in pixels, as declared in the header. Default 4096.</summary>
    [Range(1, 65535)]
    public int MaxWidth { get; set; } = 4096;

    /// <summary>Largest accepted image height in pixels, as declared in the header. Default 4096.</summary>
    [Range(1, 65535)]
    public int MaxHeight { get; set; } = 4096;

    /// <summary>Largest accepted width × height. Default 16 megapixels.</summary>
    [Range(1, int.MaxValue)]
    public int MaxPixels { get; set; } = 16 * 1024 * 1024;
}
