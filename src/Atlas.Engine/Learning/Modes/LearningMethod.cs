namespace Atlas.Engine.Learning.Modes;

/// <summary>What a learning command fits: aTLAS coefficients, or one of the baselines it is compared with.</summary>
public enum LearningMethod
{
    /// <summary>aTLAS: coefficients per (task vector, group) at the chosen granularity, by gradient descent.</summary>
    Atlas,

    /// <summary>One global λ for the sum of all task vectors, chosen by grid search on labeled data.</summary>
    TaskArithmetic,

    /// <summary>TENT-style: the base model's normalisation scales and biases, learned directly with the same objective.</summary>
    NormAffine,
}
