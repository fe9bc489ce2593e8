using Atlas.Engine.Data;
using Atlas.Engine.Models;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Samples;

/// <summary>
/// The sample's CNN, built with <see cref="CnnBuilder"/> and sized for CPU training: every convolution has stride 2
/// (28 → 14 → 7 → 4 → 2), so most parameters sit where the feature maps are small. In-graph normalisation, conv +
/// GroupNorm + ReLU blocks, global average pooling and a linear head: about 0.32 M parameters and 3 M multiply-adds
/// per image. Input <c>[batch, 1, 28, 28]</c> in [0, 1]; output logits over the ten Fashion-MNIST classes, whose names
/// are in the metadata key <see cref="ClassNamesKey"/> (a JSON array).
/// </summary>
internal static class SampleModel
{
    public const string ClassNamesKey = "atlas.class_names";

    public static OnnxModel Create(int seed)
    {
        var (mean, std) = ModelZoo.FashionMnistStatistics;
        var model = new CnnBuilder(1, 28, 28, seed, "fashion_camera_cnn")
            .Normalize([mean], [std])
            .Conv("conv1", 32, 5, stride: 2, padding: 2).GroupNorm("gn1", 8).Relu()
            .Conv("conv2", 64, 3, stride: 2, padding: 1).GroupNorm("gn2", 8).Relu()
            .Conv("conv3", 128, 3, stride: 2, padding: 1).GroupNorm("gn3", 8).Relu()
            .Conv("conv4", 192, 3, stride: 2, padding: 1).GroupNorm("gn4", 8).Relu()
            .GlobalAveragePool()
            .Flatten()
            .Linear("fc", FashionMnist.ClassNames.Count)
            .Build();
        model.Proto.MetadataProps.Add(new global::Onnx.StringStringEntryProto
        {
            Key = ClassNamesKey,
            Value = System.Text.Json.JsonSerializer.Serialize(FashionMnist.ClassNames),
        });
        return OnnxModel.FromProto(model.Proto);
    }
}
