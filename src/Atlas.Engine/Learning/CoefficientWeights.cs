using Atlas.Engine.Composition;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>aTLAS: the learned parameters are the coefficients λ <c>[T, G]</c>; the weights are θ0 + Σ λ ⊙ τ.</summary>
public sealed class CoefficientWeights : ILearnableWeights, IDisposable
{
    private readonly float _initial;

    /// <param name="composer">Composes weights from coefficients; not owned.</param>
    /// <param name="initial">Starting value of every coefficient (0 = base model).</param>
    public CoefficientWeights(TaskVectorComposer composer, float initial = 0f)
    {
        ArgumentNullException.ThrowIfNull(composer);
        Composer = composer;
        _initial = initial;
        using var start = composer.CreateCoefficients(initial);
        Coefficients = new Parameter(start.detach().clone(), requires_grad: true);
        Parameters = [Coefficients];
    }

    /// <summary>The composer.</summary>
    public TaskVectorComposer Composer { get; }

    /// <summary>The learned coefficients <c>[T, G]</c>.</summary>
    public Parameter Coefficients { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Weights() => Composer.Compose(Coefficients);

    /// <inheritdoc />
    public Tensor[] Snapshot() => [Coefficients.detach().clone()];

    /// <inheritdoc />
    public void Restore(Tensor[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var noGrad = torch.no_grad();
        Coefficients.copy_(snapshot[0]);
    }

    /// <inheritdoc />
    public void ResetToStart()
    {
        using var noGrad = torch.no_grad();
        Coefficients.fill_(_initial);
    }

    /// <summary>The current values as <c>[T][G]</c>.</summary>
    public float[][] Values()
    {
        var flat = Coefficients.detach().contiguous().data<float>().ToArray();
        int groups = Composer.Layout.Groups.Count;
        return Enumerable.Range(0, Composer.TaskVectorNames.Count).Select(t => flat.AsSpan(t * groups, groups).ToArray()).ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => Coefficients.Dispose();
}
