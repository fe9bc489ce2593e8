namespace Atlas.Engine.Safetensors;

/// <summary>
/// Element types named in a safetensors header (<c>"dtype"</c>). Floating-point types can be read as f32; the integer
/// and boolean types are recognised so their headers validate, but only their raw bytes are meaningful to Atlas.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 binary32 (<c>"F32"</c>).</summary>
    F32,

    /// <summary>IEEE 754 binary16 (<c>"F16"</c>).</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a binary32 (<c>"BF16"</c>).</summary>
    BF16,

    /// <summary>IEEE 754 binary64 (<c>"F64"</c>).</summary>
    F64,

    /// <summary>Signed 64-bit integer (<c>"I64"</c>).</summary>
    I64,

    /// <summary>Signed 32-bit integer (<c>"I32"</c>).</summary>
    I32,

    /// <summary>Signed 16-bit integer (<c>"I16"</c>).</summary>
    I16,

    /// <summary>Signed 8-bit integer (<c>"I8"</c>).</summary>
    I8,

    /// <summary>Unsigned 8-bit integer (<c>"U8"</c>).</summary>
    U8,

    /// <summary>Boolean stored as one byte (<c>"BOOL"</c>).</summary>
    Bool,
}
