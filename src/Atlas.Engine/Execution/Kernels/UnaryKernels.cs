using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>Attribute-free elementwise functions of one input.</summary>
internal abstract class UnaryKernel(string opType, Func<Tensor, Tensor> function) : IOpKernel
{
    public string OpType { get; } = opType;

    public IReadOnlyCollection<string> SupportedAttributes { get; } = [];

    public void Validate(NodeInfo node) { }

    public Tensor[] Run(OpContext context) => [function(context.Input(0))];
}

internal sealed class SqrtKernel() : UnaryKernel("Sqrt", x => x.sqrt());

internal sealed class ReciprocalKernel() : UnaryKernel("Reciprocal", x => x.reciprocal());

internal sealed class NegKernel() : UnaryKernel("Neg", x => x.neg());

internal sealed class AbsKernel() : UnaryKernel("Abs", x => x.abs());

internal sealed class ExpKernel() : UnaryKernel("Exp", x => x.exp());

internal sealed class LogKernel() : UnaryKernel("Log", x => x.log());

internal sealed class ErfKernel() : UnaryKernel("Erf", x => x.erf());

internal sealed class ReluKernel() : UnaryKernel("Relu", x => nn.functional.relu(x));

internal sealed class SigmoidKernel() : UnaryKernel("Sigmoid", x => x.sigmoid());

internal sealed class TanhKernel() : UnaryKernel("Tanh", x => x.tanh());

/// <summary>HardSwish: x · max(0, min(1, x/6 + 1/2)), PyTorch's hardswish.</summary>
internal sealed class HardSwishKernel() : UnaryKernel("HardSwish", x => nn.functional.hardswish(x));

/// <summary>Identity: the executor gives the output its own alias of the input tensor.</summary>
internal sealed class IdentityKernel() : UnaryKernel("Identity", x => x);
