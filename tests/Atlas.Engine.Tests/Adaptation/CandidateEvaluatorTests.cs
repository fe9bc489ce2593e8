using Atlas.Engine.Adaptation;
using Atlas.Engine.Learning;

namespace Atlas.Engine.Tests.Adaptation;

public sealed class CandidateEvaluatorTests
{
    private static readonly int[] Spread = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10];

    private static PredictionQuality Quality(double entropy, double confidence, int[] histogram) =>
        new(double.NaN, entropy, confidence, histogram);

    [Fact]
    public void ClearlyBetterCandidate_IsAccepted()
    {
        var current = Quality(1.20, 0.55, Spread);
        var candidate = Quality(0.80, 0.72, [12, 9, 11, 10, 8, 10, 10, 11, 9, 10]);

        var decision = CandidateEvaluator.Evaluate(current, candidate, agreement: new PredictionAgreement(40, 39));

        Assert.True(decision.Accepted, decision.Reason);
        Assert.StartsWith("Accepted", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(1.20 * 0.95, decision.RequiredEntropy, 12);
        Assert.Equal(0.80, decision.CandidateEntropy);
    }

    [Fact]
    public void CollapsedCandidate_AllOneClass_IsRejectedWithTheNumbers()
    {
        var current = Quality(1.20, 0.55, Spread);
        var collapsed = Quality(0.05, 0.99, [0, 0, 0, 100, 0, 0, 0, 0, 0, 0]);

        var decision = CandidateEvaluator.Evaluate(current, collapsed);

        Assert.False(decision.Accepted);
        Assert.Equal(0.0, decision.CandidateClassEntropy, 12);
        Assert.Equal(0.5 * Math.Log(10), decision.ClassEntropyFloor, 12);
        Assert.Equal(3, decision.CandidateTopClass);
        Assert.Equal(1.0, decision.CandidateTopShare);
        Assert.Contains("predicted-class entropy 0.0000", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("class 3 takes 100.0", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WorseEntropy_IsRejected()
    {
        var decision = CandidateEvaluator.Evaluate(Quality(1.00, 0.6, Spread), Quality(1.10, 0.5, Spread));

        Assert.False(decision.Accepted);
        Assert.Contains("mean entropy 1.1000 nats is not below 0.9500", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ImprovementBelowMargin_IsRejected()
    {
        // 3% lower entropy is an improvement, but less than the default 5% margin.
        var decision = CandidateEvaluator.Evaluate(Quality(1.00, 0.6, Spread), Quality(0.97, 0.6, Spread));

        Assert.False(decision.Accepted);
        Assert.True(CandidateEvaluator.Evaluate(Quality(1.00, 0.6, Spread), Quality(0.97, 0.6, Spread),
            new AcceptanceCriterion { EntropyImprovement = 0.02 }).Accepted);
    }

    [Fact]
    public void DominantClassAlreadyInCurrentModel_IsNotCountedAsCollapse()
    {
        // A scene where class 0 really dominates: the current model already predicts it 80% of the time.
        int[] skewed = [80, 3, 3, 2, 2, 2, 2, 2, 2, 2];
        var decision = CandidateEvaluator.Evaluate(Quality(1.0, 0.6, skewed), Quality(0.7, 0.7, [78, 3, 3, 3, 2, 3, 2, 2, 2, 2]));

        Assert.True(decision.Accepted, decision.Reason);
    }

    [Fact]
    public void LowAgreementWithConfidentPredictions_IsRejected()
    {
        float[] probability = [0.95f, 0.99f, 0.5f, 0.92f, 0.97f];
        int[] current = [1, 2, 3, 4, 5];
        int[] candidate = [1, 0, 0, 0, 5];

        var agreement = PredictionAgreement.Measure(probability, current, candidate);
        var decision = CandidateEvaluator.Evaluate(Quality(1.2, 0.5, Spread), Quality(0.8, 0.7, Spread), agreement: agreement);

        Assert.Equal(4, agreement.ConfidentCount);
        Assert.Equal(2, agreement.AgreeingCount);
        Assert.False(decision.Accepted);
        Assert.Contains("agrees with 2 of 4", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NoConfidentSamples_AgreementIsVacuouslyFull()
    {
        var agreement = PredictionAgreement.Measure([0.3f, 0.4f], [1, 2], [2, 1]);
        Assert.Equal(1.0, agreement.Fraction);
    }

    [Fact]
    public void DistributionEntropy_OfUniformHistogramIsLnC()
    {
        Assert.Equal(Math.Log(10), CandidateEvaluator.DistributionEntropy(Spread), 12);
        Assert.Equal(0.0, CandidateEvaluator.DistributionEntropy([0, 0]));
    }

    [Fact]
    public void InvalidCriterion_AndMismatchedHistograms_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CandidateEvaluator.Evaluate(Quality(1, 1, Spread), Quality(1, 1, Spread),
            new AcceptanceCriterion { MaxClassShare = 1.5 }));
        Assert.Throws<ArgumentException>(() => CandidateEvaluator.Evaluate(Quality(1, 1, Spread), Quality(1, 1, [1, 2])));
    }
}
