using TorchSharp;

namespace Atlas.Plugins.Tests.Objectives;

/// <summary>
/// A tiny linear "model" (logits = x Wᵀ, W of shape [3, 4], float64) with deterministic inputs: rows 0–2 of every
/// four are near one-hot and give confident predictions, row 3 is near zero and gives a near-uniform one.
/// </summary>
internal sealed class TinyLinearModel : IDisposable
{
    public const int Classes = 3;
    public const int Features = 4;
    public const int BatchSize = 8;

    public TinyLinearModel()
    {
        var w = new double[Classes, Features];
        for (var c = 0; c < Classes; c++)
        {
            for (var f = 0; f < Features; f++)
            {
                w[c, f] = (c == f ? 4 : 0) + (0.1 * Math.Sin((7 * c) + f));
            }
        }
        Weight = torch.nn.Parameter(torch.tensor(w, dtype: torch.ScalarType.Float64));
        Weak = Inputs(0.0);
        Strong = Inputs(0.05);
        Buffer = new RecordingBuffer(Weak, Strong);
    }

    public TorchSharp.Modules.Parameter Weight { get; }

    public torch.Tensor Weak { get; }

    public torch.Tensor Strong { get; }

    public RecordingBuffer Buffer { get; }

    public torch.Tensor Forward(torch.Tensor x) => x.matmul(Weight.t());

    /// <summary>A batch; with <paramref name="frozenWeakWeight"/> the weak view is predicted with that fixed weight
    /// (how a finite-difference check holds UFM's stop-gradient pseudo-labels constant).</summary>
    public ObjectiveBatch Batch(int seed = 3, torch.Tensor? frozenWeakWeight = null) => new()
    {
        Weak = Weak,
        Strong = Strong,
        Labels = torch.tensor(Enumerable.Range(0, BatchSize).Select(i => (long)(i % Classes)).ToArray()),
        Forward = x => frozenWeakWeight is not null && ReferenceEquals(x, Weak) ? x.matmul(frozenWeakWeight.t()) : Forward(x),
        ClassCount = Classes,
        Step = 0,
        Epoch = 0,
        TotalEpochs = 2,
        Indices = [.. Enumerable.Range(0, BatchSize)],
        Buffer = Buffer,
        Random = new Random(seed),
    };

    public EpochContext Epoch() => new(() =>
    {
        using var noGrad = torch.no_grad();
        return Forward(Weak);
    })
    {
        Epoch = 0, TotalEpochs = 2, ClassCount = Classes, Buffer = Buffer,
    };

    public void Dispose()
    {
        Weight.Dispose();
        Weak.Dispose();
        Strong.Dispose();
    }

    private static torch.Tensor Inputs(double shift)
    {
        var x = new double[BatchSize, Features];
        for (var i = 0; i < BatchSize; i++)
        {
            for (var f = 0; f < Features; f++)
            {
                x[i, f] = (i % 4 == f && f < 3 ? 3 : 0) + (0.2 * Math.Cos((3 * i) + f + shift));
            }
        }
        return torch.tensor(x, dtype: torch.ScalarType.Float64);
    }
}
