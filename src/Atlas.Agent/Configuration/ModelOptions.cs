using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>Which ONNX model the agent serves (section <c>Model</c>).</summary>
public sealed class ModelOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Model";

    /// <summary>The path the sample model has in a source checkout; the default for <see cref="Path"/>.</summary>
    public const string SamplePath = "samples/fashion-camera/base.onnx";

    /// <summary>
    /// The ONNX model to serve: a classifier with one float input [batch, C, H, W] (C = 1 or 3) and logits
    /// [batch, classes] as its first output. Relative paths are resolved against the working directory.
    /// Default <c>samples/fashion-camera/base.onnx</c> (the shipped sample).
    /// </summary>
    [Required]
    public string Path { get; set; } = SamplePath;
}
