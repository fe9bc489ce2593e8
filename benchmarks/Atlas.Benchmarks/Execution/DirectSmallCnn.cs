using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Atlas.Benchmarks.Execution;

/// <summary>
/// <c>ModelZoo.SmallCnn</c> written by hand with TorchSharp's functional ops (GroupNorm as one group_norm call),
/// reading its weights from the same tensors the executor uses: the baseline the executor's overhead is measured
/// against.
/// </summary>
internal sealed class DirectSmallCnn(IReadOnlyDictionary<string, Tensor> p, Tensor mean, Tensor std, bool lowerGroupNorm = false)
{
    private static readonly long[] One = [1, 1];

    public Tensor Forward(Tensor x)
    {
        x = (x - mean) / std;
        x = F.conv2d(x, p["conv1.weight"], null, One, One);
        x = F.relu(GroupNorm(x, 8, p["gn1.weight"], p["gn1.bias"], 1e-5));
        x = F.max_pool2d(x, [2, 2], [2, 2]);
        x = Block(x, "layer1", 1);
        x = F.max_pool2d(x, [2, 2], [2, 2]);
        x = Block(x, "layer2", 2);
        x = x.mean([2, 3]);
        return F.linear(x, p["fc.weight"], p["fc.bias"]);
    }

    /// <summary>One group_norm call, or (diagnostics) the export lowering Reshape → instance_norm → Reshape → Mul → Add.</summary>
    private Tensor GroupNorm(Tensor x, long groups, Tensor weight, Tensor bias, double eps)
    {
        if (!lowerGroupNorm) return F.group_norm(x, groups, weight, bias, eps);
        var grouped = x.reshape(x.shape[0], groups, -1);
        var normalized = F.instance_norm(grouped, eps: eps).reshape(x.shape);
        return (normalized * weight.reshape(-1, 1, 1)) + bias.reshape(-1, 1, 1);
    }

    private Tensor Block(Tensor x, string name, long stride)
    {
        var h = F.conv2d(x, p[name + ".conv1.weight"], null, [stride, stride], One);
        h = F.relu(GroupNorm(h, 8, p[name + ".gn1.weight"], p[name + ".gn1.bias"], 1e-5));
        h = F.conv2d(h, p[name + ".conv2.weight"], null, One, One);
        h = GroupNorm(h, 8, p[name + ".gn2.weight"], p[name + ".gn2.bias"], 1e-5);
        var shortcut = F.conv2d(x, p[name + ".downsample.0.weight"], null, [stride, stride]);
        shortcut = GroupNorm(shortcut, 8, p[name + ".downsample.1.weight"], p[name + ".downsample.1.bias"], 1e-5);
        return F.relu(h + shortcut);
    }
}
