namespace Atlas.Engine.Data;

/// <summary>Element types the IDX and NumPy readers understand.</summary>
internal enum ElementType
{
    UInt8,
    Int8,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
}
