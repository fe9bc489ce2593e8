namespace Atlas.Engine.Bank;

/// <summary>How a task vector is stored.</summary>
public enum TaskVectorKind
{
    /// <summary>The dense delta of every changed initializer (<c>"full"</c> in bank.json).</summary>
    Full,

    /// <summary>
    /// Low-rank factors <c>&lt;initializer&gt;.lora_A</c> [r, in] and <c>.lora_B</c> [out, r]; the delta is
    /// scale·B·A reshaped to the initializer's shape (<c>"lora"</c> in bank.json).
    /// </summary>
    Lora,
}
