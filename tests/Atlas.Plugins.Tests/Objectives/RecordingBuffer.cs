using TorchSharp;

namespace Atlas.Plugins.Tests.Objectives;

/// <summary>An adaptation buffer over fixed tensors that records which indices an objective asked for.</summary>
internal sealed class RecordingBuffer(torch.Tensor weak, torch.Tensor? strong) : IAdaptationBuffer
{
    public List<int> Requested { get; } = [];

    public int Count => (int)weak.shape[0];

    public ObjectiveSamples GetSamples(IReadOnlyList<int> indices)
    {
        Requested.AddRange(indices);
        using var index = torch.tensor(indices.Select(i => (long)i).ToArray());
        return new ObjectiveSamples(weak.index_select(0, index), strong?.index_select(0, index));
    }
}
