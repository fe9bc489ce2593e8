namespace Atlas.Engine.Bank;

/// <summary>What the file given to <see cref="TaskVectorBankEditor.Add"/> holds.</summary>
public enum TaskVectorSourceKind
{
    /// <summary>An ONNX model fine-tuned from the base, with the same graph; τ = θ − θ0 per float initializer.</summary>
    FineTunedModel,

    /// <summary>A safetensors file of fine-tuned weights keyed by initializer name; τ = w − θ0. Absent initializers are unchanged.</summary>
    Weights,

    /// <summary>A safetensors file holding the task vector itself, keyed by initializer name.</summary>
    Delta,

    /// <summary>A safetensors file of LoRA factors <c>&lt;initializer&gt;.lora_A</c>/<c>.lora_B</c> with <c>scale</c> in its metadata.</summary>
    Lora,
}
